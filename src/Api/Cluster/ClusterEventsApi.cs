using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Cluster;

/// <summary>
/// <c>GET /cluster/events</c> (ours): the cluster event log from a sequence, as JSON lines
/// (<c>application/x-ndjson</c>, the default), one JSON array (<c>Accept: application/json</c>, one
/// page of at most <c>limit</c> and 1,000), or server-sent events (<c>Accept: text/event-stream</c>). It reads
/// the shared store on this node, never the cluster master. JSON lines end after what is stored
/// (at most <c>limit</c>) unless <c>follow=true</c>; server-sent events always follow, resume after
/// <c>Last-Event-ID</c>, and send a comment every 15 s so a dead client is noticed. A following
/// stream polls the store while it is idle and ends with the node.
/// </summary>
internal static class ClusterEventsApi
{
    public const string JsonLines = "application/x-ndjson";
    public const string EventStream = "text/event-stream";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapClusterEventsApi(this IEndpointRouteBuilder routes) => routes.MapGet("/cluster/events", StreamAsync);

    private static async Task StreamAsync(HttpContext http)
    {
        var runtime = http.RequestServices.GetRequiredService<ApiRuntime>();
        var stopping = http.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var request = new ApiRequest(http, runtime);
        long next;
        bool sse, follow, array;
        int limit;
        try
        {
            sse = AcceptHeader.Prefers(http.Request.Headers.Accept, EventStream, JsonLines);
            next = request.Query.FromSequence();
            if (sse && long.TryParse(http.Request.Headers["Last-Event-ID"], out var last) && last >= 0) next = last + 1;
            follow = sse || request.Query.Flag("follow", defaultValue: false);
            array = !follow && AcceptHeader.Prefers(http.Request.Headers.Accept, "application/json", JsonLines);
            limit = follow ? int.MaxValue : request.Query.Limit(GetClusterEvents.MaxBatch, ListQuery.MaxSize);
        }
        catch (ApiException e)
        {
            await ApiResponses.WriteErrorAsync(http, e.StatusCode, e.Message);
            return;
        }

        if (array)
        {
            // one page, as the other list routes answer
            await ApiRoute.Handle(r => r.AskAsync(new GetClusterEvents(next, limit)))(http);
            return;
        }

        var sent = 0;
        var quietSince = DateTime.UtcNow;
        try
        {
            while (!ended.IsCancellationRequested && sent < limit)
            {
                var reply = await request.AskAsync(new GetClusterEvents(next, Math.Min(GetClusterEvents.MaxBatch, limit - sent)));
                if (reply is Rejection rejection)
                {
                    if (!http.Response.HasStarted) await ApiResponses.WriteReplyAsync(http, rejection);
                    return;
                }
                if (!http.Response.HasStarted) await StartAsync(http, sse);
                using var batch = JsonDocument.Parse(((JsonReply)reply).Json);
                var count = 0;
                foreach (var e in batch.RootElement.EnumerateArray())
                {
                    await WriteAsync(http, e, sse, ended.Token);
                    next = e.GetProperty("sequence").GetInt64() + 1;
                    count++;
                }
                sent += count;
                if (count > 0)
                {
                    await http.Response.Body.FlushAsync(ended.Token);
                    quietSince = DateTime.UtcNow;
                    if (count == GetClusterEvents.MaxBatch) continue; // more waiting: no pause
                }
                if (!follow) break;
                if (sse && DateTime.UtcNow - quietSince >= Heartbeat)
                {
                    await http.Response.Body.WriteAsync(": still here\n\n"u8.ToArray(), ended.Token);
                    await http.Response.Body.FlushAsync(ended.Token);
                    quietSince = DateTime.UtcNow;
                }
                await Task.Delay(PollInterval, ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // the client went away or the node stops: the stream ends here
        }
        catch (ApiException e) when (!http.Response.HasStarted)
        {
            await ApiResponses.WriteErrorAsync(http, e.StatusCode, e.Message);
        }
        catch (ApiException)
        {
            http.Abort(); // half a stream is out: cutting the connection is the honest signal
        }
    }

    private static Task StartAsync(HttpContext http, bool sse)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = sse ? EventStream : JsonLines + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        return http.Response.StartAsync(http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, JsonElement e, bool sse, CancellationToken ct)
    {
        var json = e.GetRawText();
        var text = sse
            ? $"id: {e.GetProperty("sequence").GetInt64()}\nevent: {e.GetProperty("kind").GetString()}\ndata: {json}\n\n"
            : json + "\n";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }
}
