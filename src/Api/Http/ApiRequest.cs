using Microsoft.AspNetCore.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Http;

/// <summary>One HTTP request as a route handler sees it: route ids, query, body and the master.</summary>
internal sealed class ApiRequest(HttpContext http, ApiRuntime runtime)
{
    public HttpContext Http { get; } = http;

    public ApiOptions Options => runtime.Options;

    public QueryParameters Query { get; } = new(http.Request.Query);

    /// <summary>A route id, passed through as given (the master answers 404 for unknown ones).</summary>
    public string RouteId(string name)
    {
        var value = Http.Request.RouteValues[name] as string;
        if (string.IsNullOrWhiteSpace(value))
            throw ApiException.BadRequest($"{name} must not be empty");
        return value;
    }

    /// <summary>Asks the master with the usual timeout (<see cref="ApiOptions.AskTimeout"/>).</summary>
    public Task<object> AskAsync(IMasterRequest request) => AskAsync(request, Options.AskTimeout);

    public Task<object> AskAsync(IMasterRequest request, TimeSpan timeout) =>
        runtime.AskMasterAsync(request, timeout, Http.RequestAborted);

    /// <summary>The raw body, whatever the Content-Type; 413 past <see cref="ApiOptions.MaxBodyBytes"/>.</summary>
    public Task<ReadOnlyMemory<byte>> ReadBodyAsync() =>
        RequestBody.ReadAsync(Http, Options.MaxBodyBytes);

    /// <summary>The raw body as an array (an asset bundle); 413 past <see cref="ApiOptions.MaxAssetBytes"/>.</summary>
    public Task<byte[]> ReadAssetBundleAsync() =>
        RequestBody.ReadArrayAsync(Http, Options.MaxAssetBytes, "asset bundle");
}
