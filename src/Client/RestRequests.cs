using System.Globalization;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka;

/// <summary>A request as the REST API takes it.</summary>
internal sealed record RestRequest(HttpMethod Method, string PathAndQuery, string? Body = null);

/// <summary>
/// The REST route of each request <see cref="TerasliceClient"/> sends (the API turns each route
/// back into that request, so both ways in reach the same handler).
/// </summary>
internal static class RestRequests
{
    public static RestRequest Of(IMasterRequest request) => request switch
    {
        SubmitJob m => new(HttpMethod.Post, "v1/jobs" + Query(("start", m.Start ? "true" : "false"), ("job_id", m.JobId)), m.Job.Json),
        GetJob m => new(HttpMethod.Get, $"v1/jobs/{Id(m.JobId)}"),
        ListJobs m => new(HttpMethod.Get, "v1/jobs" + Query(("from", Number(m.Query.From)), ("size", Number(m.Query.Size)))),
        GetLatestExecution m => new(HttpMethod.Get, $"v1/jobs/{Id(m.JobId)}/ex"),
        GetExecution m => new(HttpMethod.Get, $"v1/ex/{Id(m.ExId)}"),
        KillJob m => new(HttpMethod.Post, $"v1/jobs/{Id(m.JobId)}/_kill"),
        StopExecution m => new(HttpMethod.Post, $"{Target(m.JobId, m.ExId)}/_stop" + Query(
            ("blocking", m.Blocking ? "true" : "false"), ("force", m.Force ? "true" : "false"), ("timeout", m.TimeoutMs is { } t ? Number(t) : null))),
        PauseExecution m => new(HttpMethod.Post, $"{Target(m.JobId, m.ExId)}/_pause"),
        ResumeExecution m => new(HttpMethod.Post, $"{Target(m.JobId, m.ExId)}/_resume"),
        RecoverExecution m => new(HttpMethod.Post, $"{Target(m.JobId, m.ExId)}/_recover" + Query(("cleanup_type", m.CleanupType))),
        ChangeWorkers m => new(HttpMethod.Post, $"{Target(m.JobId, m.ExId)}/_workers" + Query((m.Change.ToString().ToLowerInvariant(), Number(m.Count)))),
        GetClusterEvents m => new(HttpMethod.Get, "v1/cluster/events" + Query(("from", Number(m.From)), ("limit", Number(m.Max)))),
        RunGc m => new(HttpMethod.Post, "v1/cluster/_gc" + Query(("retention", m.Retention is { } r ? Number((long)r.TotalMilliseconds) : null))),
        _ => throw new NotSupportedException($"{request.GetType().Name} has no REST route in this client"),
    };

    private static string Target(string? jobId, string? exId) => jobId is not null ? $"v1/jobs/{Id(jobId)}" : $"v1/ex/{Id(exId!)}";

    private static string Id(string id) => Uri.EscapeDataString(id);

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] options)
    {
        var given = options.Where(o => o.Value is not null).Select(o => $"{o.Name}={Uri.EscapeDataString(o.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
