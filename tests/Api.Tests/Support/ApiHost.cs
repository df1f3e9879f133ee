using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api.Master;

namespace Teraslice.Akka.Api.Tests.Support;

/// <summary>
/// A real Kestrel host on 127.0.0.1, an ephemeral port, with the production extensions and a
/// fake master. One per test class (IClassFixture); tests of a class run one at a time.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public const string ClusterName = "specs-cluster";
    public const string ProductVersion = "v9.8.7-specs";
    public const long MaxBodyBytes = 64 * 1024;
    public const long MaxAssetBytes = 256 * 1024;
    public static readonly TimeSpan AskTimeout = TimeSpan.FromMilliseconds(400);
    public static readonly TimeSpan StopAskTimeout = TimeSpan.FromSeconds(7);

    private WebApplication? _app;

    public FakeMasterClient Master { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Forgets what earlier tests asked and logged.</summary>
    public void Reset()
    {
        Master.Reset();
        Logs.Clear();
    }

    public async Task InitializeAsync()
    {
        // Development: ASP.NET would show a stack-trace page there if an exception escaped us.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IMasterClient>(Master);
        builder.Services.AddTerasliceApi(options =>
        {
            options.ClusterName = ClusterName;
            options.Version = ProductVersion;
            options.AskTimeout = AskTimeout;
            options.StopAskTimeout = StopAskTimeout;
            options.MaxBodyBytes = MaxBodyBytes;
            options.MaxAssetBytes = MaxAssetBytes;
        });

        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.MapTerasliceApi();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public Task<ApiResponse> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    public Task<ApiResponse> PostAsync(string pathAndQuery, string? body = null, string? contentType = "application/json") =>
        SendAsync(HttpMethod.Post, pathAndQuery, body is null ? null : Content(body, contentType));

    public Task<ApiResponse> PutAsync(string pathAndQuery, string? body, string? contentType = "application/json") =>
        SendAsync(HttpMethod.Put, pathAndQuery, body is null ? null : Content(body, contentType));

    /// <summary>A GET with this Accept header, sent as given (not validated by HttpClient).</summary>
    public Task<ApiResponse> GetAcceptingAsync(string pathAndQuery, string accept) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, accept);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null,
        string? accept = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        if (accept is not null)
            Assert.True(request.Headers.TryAddWithoutValidation("Accept", accept));
        using var response = await Client.SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync(), response.Headers.Vary.ToString());
    }

    /// <summary>A body sent with exactly this Content-Type header (or none).</summary>
    public static HttpContent Content(string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}

public sealed record ApiResponse(HttpStatusCode Status, string? ContentType, string Body, string? Vary = null)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>Asserts a 200 JSON reply and returns its body.</summary>
    public string ShouldBeOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Body}");
        Assert.Equal("application/json; charset=utf-8", ContentType);
        return Body;
    }

    /// <summary>Asserts a 200 with this exact Content-Type and returns its body.</summary>
    public string ShouldBeText(string contentType)
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Body}");
        Assert.Equal(contentType, ContentType);
        return Body;
    }

    /// <summary>Asserts Teraslice's error envelope: exactly {"error": status, "message": message}.</summary>
    public void ShouldBeError(int status, string message)
    {
        Assert.True((int)Status == status, $"expected {status}, got {(int)Status}: {Body}");
        Assert.Equal("application/json; charset=utf-8", ContentType);
        var json = Json;
        Assert.Equal(["error", "message"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(status, json.GetProperty("error").GetInt32());
        Assert.Equal(message, json.GetProperty("message").GetString());
    }
}
