using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka;

/// <summary>
/// <see cref="ITerasliceClient"/> over a cluster's REST API (any node that serves it), so code
/// written against an embedded node drives a remote cluster unchanged. Thread-safe.
/// </summary>
public sealed class TerasliceHttpClient : TerasliceClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="baseAddress">The API's address, e.g. <c>http://localhost:5678</c>.</param>
    public TerasliceHttpClient(Uri baseAddress)
        : this(new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan }, ownsHttp: true)
    {
    }

    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the API's address (it stays the caller's).</param>
    public TerasliceHttpClient(HttpClient http) : this(http, ownsHttp: false)
    {
    }

    private TerasliceHttpClient(HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null) throw new ArgumentException("the HttpClient needs a BaseAddress (the API's address)", nameof(http));
        _http = http;
        _ownsHttp = ownsHttp;
    }

    /// <summary>The API's address.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    protected override async Task<object> SendAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var rest = RestRequests.Of(request);
        using var message = new HttpRequestMessage(rest.Method, rest.PathAndQuery);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (rest.Body is not null) message.Content = new StringContent(rest.Body, Encoding.UTF8, "application/json");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _http.SendAsync(message, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            return response.IsSuccessStatusCode
                ? new JsonReply(body, response.StatusCode == HttpStatusCode.Created)
                : new Rejection(HttpStatuses.KindOf((int)response.StatusCode), ErrorMessage(body, response));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Rejection.Unavailable($"{BaseAddress} did not answer {rest.Method} /{rest.PathAndQuery} within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return Rejection.Unavailable($"cannot reach {BaseAddress}: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    // the API's envelope {"error": status, "message": "..."}; anything else (a proxy's page) by its status
    private static string ErrorMessage(string body, HttpResponseMessage response)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                return message.GetString()!;
        }
        catch (JsonException)
        {
        }
        return $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }
}
