using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations;

/// <summary>The execution an operation runs in.</summary>
/// <param name="ExConfig">The validated execution config (defaults filled).</param>
public sealed record ExecutionInfo(
    string ExId,
    string JobId,
    string JobName,
    string Lifecycle,
    int Workers,
    int Slicers,
    int MaxRetries,
    JsonObject ExConfig)
{
    public bool IsOnce => Lifecycle == "once";

    /// <summary>The operation configs of the job, in order (reader first).</summary>
    public IReadOnlyList<JsonObject> Operations =>
        ExConfig["operations"] is JsonArray ops ? ops.OfType<JsonObject>().ToList() : [];

    /// <summary>The asset ids a validated execution config runs with (its resolved <c>assets</c>).</summary>
    public static IReadOnlyList<string> AssetIds(JsonObject ex) =>
        ex["assets"] is JsonArray assets
            ? assets.Select(a => a is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).OfType<string>().ToList()
            : [];

    /// <summary>Reads the identity fields of a validated execution config.</summary>
    public static ExecutionInfo FromExConfig(JsonObject ex) => new(
        (string?)ex["ex_id"] ?? "",
        (string?)ex["job_id"] ?? "",
        (string?)ex["name"] ?? "",
        (string?)ex["lifecycle"] ?? "once",
        (int?)ex["workers"] ?? 1,
        (int?)ex["slicers"] ?? 1,
        (int?)ex["max_retries"] ?? 3,
        ex);
}

/// <summary>What a slicer knows of where it runs.</summary>
/// <param name="SlicerId">0..<see cref="ExecutionInfo.Slicers"/>-1: which part of the work this slicer cuts.</param>
public sealed record SlicerContext(ExecutionInfo Execution, int SlicerId, ILogger Logger);

/// <summary>What a fetcher, processor or API knows of where it runs.</summary>
public sealed record WorkerContext(ExecutionInfo Execution, string WorkerId, ILogger Logger)
{
    /// <summary>The job's operation APIs, created once per worker.</summary>
    public ApiRegistry Apis { get; init; } = ApiRegistry.Empty;
}

/// <summary>
/// The slice being processed, passed to fetchers and processors: its identity and request, and
/// the named counters operations add (summed per execution into <c>_slicer_stats.counters</c>).
/// </summary>
public sealed class SliceContext(string sliceId, int slicerId, long slicerOrder, SliceRequest request, int retryCount)
{
    private Dictionary<string, long>? _counters;

    public string SliceId { get; } = sliceId;
    public int SlicerId { get; } = slicerId;
    public long SlicerOrder { get; } = slicerOrder;
    public SliceRequest Request { get; } = request;

    /// <summary>Attempts of this slice before this one (lost work and in-worker retries).</summary>
    public int RetryCount { get; internal set; } = retryCount;

    public IReadOnlyDictionary<string, long>? Counters => _counters;

    /// <summary>Adds to a named counter of this slice (e.g. <c>count_sink.records</c>).</summary>
    public void AddCounter(string name, long value)
    {
        _counters ??= new Dictionary<string, long>(StringComparer.Ordinal);
        _counters[name] = _counters.TryGetValue(name, out var current) ? current + value : value;
    }

    /// <summary>Forgets the counters of a failed attempt before a retry.</summary>
    internal void ResetCounters() => _counters?.Clear();
}
