using System.Text.Json.Nodes;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>
/// GET /cluster/stats: counters summed over the executions the master has seen since it started,
/// with Teraslice's meanings (processed counts failures too; queued is what waits now).
/// </summary>
public sealed class ClusterTotals
{
    private static readonly string[] Summed =
        ["processed", "failed", "job_duration", "workers_joined", "workers_disconnected", "workers_reconnected"];

    private readonly Dictionary<string, long> _sums = Summed.ToDictionary(k => k, _ => 0L);
    private long _queued;

    /// <summary>Adds a controller stats item (an ended execution's final one, or a living one's current one).</summary>
    public void Add(JsonObject stats, bool living = false)
    {
        foreach (var key in Summed) _sums[key] += Read(stats, key);
        if (living) _queued += Read(stats, "queued");
    }

    public ClusterTotals Copy()
    {
        var copy = new ClusterTotals { _queued = _queued };
        foreach (var (key, value) in _sums) copy._sums[key] = value;
        return copy;
    }

    public JsonObject ToJson() => new()
    {
        ["processed"] = _sums["processed"],
        ["failed"] = _sums["failed"],
        ["queued"] = _queued,
        ["job_duration"] = _sums["job_duration"],
        ["workers_joined"] = _sums["workers_joined"],
        ["workers_disconnected"] = _sums["workers_disconnected"],
        ["workers_reconnected"] = _sums["workers_reconnected"],
    };

    private static long Read(JsonObject stats, string key) => stats[key] switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<double>(out var d) => (long)d,
        _ => 0,
    };
}
