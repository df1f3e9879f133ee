using System.Text.Json.Nodes;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// The counters of one execution with Teraslice's meanings (teraslice-notes §4.4): processed
/// counts failures too, queued is a gauge, workers_* count joins and departures. Extensions:
/// records_in, records_out, counters (what operations counted), first/last slice times.
/// </summary>
public sealed class ExecutionStats
{
    private readonly Dictionary<int, SlicerCounters> _slicers = new();

    public int SlicerCount { get; init; }
    public int WorkersJoined { get; set; }
    public int WorkersDisconnected { get; set; }
    public int WorkersReconnected { get; set; }
    /// <summary>How many workers are with the execution now (read whenever the counters are written).</summary>
    public Func<int> WorkersAlive { get; init; } = () => 0;
    public DateTime? Started { get; set; }
    public DateTime? QueuingComplete { get; set; }
    public DateTime? Finished { get; set; }

    public void Update(int slicerId, SlicerCounters counters) => _slicers[slicerId] = counters;

    public long Processed => _slicers.Values.Sum(c => c.Completed + c.Failed);
    public long Failed => _slicers.Values.Sum(c => c.Failed);
    public long Queued => _slicers.Values.Sum(c => (long)c.Pending);
    public long InFlight => _slicers.Values.Sum(c => (long)c.InFlight);

    public SliceMetrics Metrics => _slicers.Values.Aggregate(SliceMetrics.Zero, (sum, c) => sum.Add(c.Metrics));

    /// <summary>Seconds from start to finish (or now), rounded, at least 1.</summary>
    public long JobDuration =>
        Started is { } s ? Math.Max(1, (long)Math.Round(((Finished ?? DateTime.UtcNow) - s).TotalSeconds)) : 0;

    /// <summary>The controller stats item of <paramref name="ex"/>: ex_id, job_id, name, then <see cref="ToJson"/>.</summary>
    public JsonObject ToItem(ExecutionRecord ex)
    {
        var item = new JsonObject { ["ex_id"] = ex.ExId, ["job_id"] = ex.JobId, ["name"] = ex.Name };
        foreach (var (key, value) in ToJson()) item[key] = value?.DeepClone();
        return item;
    }

    /// <summary>The _slicer_stats object / controller stats item (without ex_id, job_id, name).</summary>
    public JsonObject ToJson()
    {
        var alive = WorkersAlive();
        var active = (int)Math.Min(alive, InFlight);
        var metrics = Metrics;
        var counters = new JsonObject();
        if (metrics.Counters is not null)
            foreach (var (key, value) in metrics.Counters.OrderBy(kv => kv.Key, StringComparer.Ordinal)) counters[key] = value;
        var firstDispatch = _slicers.Values.Select(c => c.FirstDispatchAt).Where(d => d is not null).Min();
        var lastCompleted = _slicers.Values.Select(c => c.LastCompletedAt).Where(d => d is not null).Max();
        return new JsonObject
        {
            ["workers_available"] = Math.Max(0, alive - active),
            ["workers_active"] = active,
            ["workers_joined"] = WorkersJoined,
            ["workers_reconnected"] = WorkersReconnected,
            ["workers_disconnected"] = WorkersDisconnected,
            ["job_duration"] = JobDuration,
            ["failed"] = Failed,
            ["subslices"] = 0,
            ["queued"] = Queued,
            ["slice_range_expansion"] = 0,
            ["processed"] = Processed,
            ["slicers"] = SlicerCount,
            ["subslice_by_key"] = 0,
            ["started"] = Started is { } started ? IsoDate.Format(started) : null,
            ["queuing_complete"] = QueuingComplete is { } q ? IsoDate.Format(q) : null,
            ["records_in"] = metrics.RecordsIn,
            ["records_out"] = metrics.RecordsOut,
            ["counters"] = counters,
            ["first_slice_at"] = firstDispatch is { } f ? IsoDate.Format(f) : null,
            ["last_slice_at"] = lastCompleted is { } l ? IsoDate.Format(l) : null,
        };
    }
}
