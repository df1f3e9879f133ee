namespace Teraslice.Akka.Protocol.Slicing;

// Events of the slicer entity's journal (Akka.Persistence.Sql). Past tense, extend-only: a new
// field gets a default, a field is never renamed or removed. The journal is the source of truth
// for slice state.

/// <summary>What a slicer persists (its events and snapshots), with the schema it was written in.</summary>
public interface IPersistedSlicerState : ITerasliceMessage
{
    /// <summary>
    /// The schema of this record's shape. Records written before schema versions existed carry
    /// none and read as 1. A change of shape bumps <see cref="SlicerSchema.Current"/> and must
    /// still read every older schema: the frozen journal spec (Protocol.Tests) holds their bytes
    /// and fails until records without the field read as 1 again.
    /// </summary>
    int Schema { get; }
}

/// <summary>The schema the slicer's events and snapshots are written in.</summary>
public static class SlicerSchema
{
    public const int Current = 1;
}

/// <summary>A persisted slicer event.</summary>
public interface ISlicerEvent : IPersistedSlicerState;

/// <summary>The first event: which execution and configuration this slicer serves.</summary>
public sealed record SlicerInitialized(string ExId, int SlicerId, string ExConfigJson, DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>A batch of new slices, durable before any of them is handed out.</summary>
public sealed record SlicesCreated(IReadOnlyList<SliceRecord> Slices) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>Slices handed to workers (written lazily, coalesced per tick).</summary>
public sealed record SlicesDispatched(IReadOnlyList<string> SliceIds, DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>Slices that completed, with their summed metrics (coalesced per tick).</summary>
public sealed record SlicesCompleted(IReadOnlyList<string> SliceIds, SliceMetrics Metrics, DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>Slices that failed for good.</summary>
public sealed record SlicesFailed(IReadOnlyList<SliceFailure> Failures) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>Slices put back in the queue (their worker died or handed them back).</summary>
/// <param name="CountAsRetry">Whether each counts as a retry (lost work) or not (handed back unstarted).</param>
public sealed record SlicesRequeued(IReadOnlyList<string> SliceIds, bool CountAsRetry, DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>The slicer operation said there is no more work (once).</summary>
public sealed record SlicerExhausted(DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>Every slice came back after exhaustion.</summary>
public sealed record SlicerFinished(DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>The slicer operation threw.</summary>
public sealed record SlicerErrored(string Error, DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>The execution was stopped.</summary>
public sealed record SlicerStopped(DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>
/// The first event after <see cref="SlicerInitialized"/> of a recovered execution: the slices of the
/// old execution's slicer to run again (original ids, orders and requests), where slicing resumes
/// (after the old slicer's last cut) and whether the slicer stops after the replay (a cleanup type).
/// </summary>
/// <param name="FromExId">The execution recovered from.</param>
/// <param name="CleanupType">all, errors, pending, or null.</param>
/// <param name="Slices">The slices to run again, in their old order.</param>
/// <param name="LastCreatedRequest">The old slicer's last cut request: a resuming slicer operation starts after it.</param>
/// <param name="NextOrder">The old slicer's next order, so new slices keep counting from there.</param>
/// <param name="ExitAfterReplay">No new slices after the replay: the slicer is exhausted once they are cut.</param>
public sealed record SlicerRecoveryStarted(
    string FromExId,
    string? CleanupType,
    IReadOnlyList<SliceRecord> Slices,
    string? LastCreatedRequest,
    long NextOrder,
    bool ExitAfterReplay,
    DateTime At) : ISlicerEvent
{
    public int Schema { get; init; } = SlicerSchema.Current;
}

/// <summary>The whole state of a slicer, taken every N events.</summary>
public sealed record SlicerSnapshot(
    string ExId,
    int SlicerId,
    string ExConfigJson,
    SlicerPhase Phase,
    long NextOrder,
    string? LastCreatedRequest,
    IReadOnlyList<SliceRecord> Pending,
    IReadOnlyList<SliceRecord> InFlight,
    IReadOnlyList<SliceFailure> Failures,
    SlicerCounters Counters,
    string? Error,
    IReadOnlyList<string>? Replaying = null,
    bool RecoveryStarted = false) : IPersistedSlicerState
{
    public int Schema { get; init; } = SlicerSchema.Current;
}
