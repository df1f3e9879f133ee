namespace Teraslice.Akka.Protocol.Slicing;

/// <summary>One unit of work cut by a slicer, as stored and as sent to a worker.</summary>
/// <param name="SliceId">A uuid, kept across recoveries.</param>
/// <param name="SlicerId">Which slicer of the execution (0..slicers-1) cut it.</param>
/// <param name="SlicerOrder">Per-slicer counter starting at 1.</param>
/// <param name="Request">The slice request as a JSON text (what the fetcher reads).</param>
/// <param name="Created">When the slicer cut it (UTC).</param>
/// <param name="RetryCount">How many times it was handed out again after a failed or lost attempt.</param>
public sealed record SliceRecord(
    string SliceId,
    int SlicerId,
    long SlicerOrder,
    string Request,
    DateTime Created,
    int RetryCount = 0) : ITerasliceMessage;

/// <summary>What processing one or more slices produced, summed.</summary>
/// <param name="RecordsIn">Records the fetcher returned.</param>
/// <param name="RecordsOut">Records that left the last operation.</param>
/// <param name="Counters">Named counters operations added (e.g. a sink's totals), or null.</param>
public sealed record SliceMetrics(long RecordsIn, long RecordsOut, IReadOnlyDictionary<string, long>? Counters = null)
    : ITerasliceMessage
{
    public static SliceMetrics Zero { get; } = new(0, 0);

    public SliceMetrics Add(SliceMetrics other)
    {
        if (other.Counters is null || other.Counters.Count == 0)
            return new SliceMetrics(RecordsIn + other.RecordsIn, RecordsOut + other.RecordsOut, Counters);
        var sum = Counters is null ? new Dictionary<string, long>() : new Dictionary<string, long>(Counters);
        foreach (var (key, value) in other.Counters)
            sum[key] = sum.TryGetValue(key, out var current) ? current + value : value;
        return new SliceMetrics(RecordsIn + other.RecordsIn, RecordsOut + other.RecordsOut, sum);
    }
}

/// <summary>A slice whose processing failed for good (retries exhausted), with what a recovery needs to run it again.</summary>
/// <param name="At">When it failed.</param>
/// <param name="SlicerOrder">The slice's order in its slicer.</param>
/// <param name="Request">The slice request (JSON).</param>
/// <param name="Created">When the slice was cut.</param>
public sealed record SliceFailure(
    string SliceId,
    string Error,
    int RetryCount,
    DateTime At,
    long SlicerOrder = 0,
    string Request = "",
    DateTime Created = default) : ITerasliceMessage;

/// <summary>Where a slicer is in its life.</summary>
public enum SlicerPhase
{
    /// <summary>Not started yet (no SlicerInitialized event).</summary>
    New,
    /// <summary>Cutting slices and handing them out.</summary>
    Slicing,
    /// <summary>The slicer operation has no more slices (once); waiting for the slices still out.</summary>
    Exhausted,
    /// <summary>Every slice came back; the slicer is done.</summary>
    Finished,
    /// <summary>The slicer operation threw; the execution fails.</summary>
    Errored,
    /// <summary>Stopped by the user.</summary>
    Stopped,
}

/// <summary>The counters of one slicer, as reported to its execution controller.</summary>
/// <param name="Replaying">Slices of a recovered execution still to run again (the execution is "recovering" while any are).</param>
public sealed record SlicerCounters(
    long Created,
    long Dispatched,
    long Completed,
    long Failed,
    int Pending,
    int InFlight,
    SliceMetrics Metrics,
    DateTime? FirstDispatchAt,
    DateTime? LastCompletedAt,
    DateTime? ExhaustedAt,
    int Replaying = 0) : ITerasliceMessage
{
    public static SlicerCounters Empty { get; } = new(0, 0, 0, 0, 0, 0, SliceMetrics.Zero, null, null, null);
}
