using Akka.Actor;

namespace Teraslice.Akka.Protocol.Slicing;

// Messages to a slicer entity, routed by the slicer shard region on (ExId, SlicerId).

/// <summary>
/// From the execution controller: start (first time) or re-attach to the slicer. The slicer
/// replies with a <see cref="SlicerStatus"/> and keeps sending statuses to this controller.
/// </summary>
/// <param name="Execution">The execution's record, as its controller was started with it.</param>
public sealed record StartSlicer(string ExId, int SlicerId, ExecutionRecord Execution, IActorRef Controller) : IWithSlicerId;

/// <summary>From a worker (the sender): it can take <see cref="Count"/> more slices.</summary>
public sealed record RequestSlices(string ExId, int SlicerId, string WorkerId, int Count) : IWithSlicerId;

/// <summary>From a worker: a slice was processed. Gives the worker's credit back unless <see cref="WantsMore"/> is false.</summary>
public sealed record SliceCompleted(string ExId, int SlicerId, string SliceId, string WorkerId, SliceMetrics Metrics, bool WantsMore = true)
    : IWithSlicerId;

/// <summary>From a worker: a slice failed after all its retries.</summary>
public sealed record SliceFailed(string ExId, int SlicerId, string SliceId, string WorkerId, string Error, int RetryCount, bool WantsMore = true)
    : IWithSlicerId;

/// <summary>From a worker that stops: hand its unstarted slices back to the queue.</summary>
public sealed record ReturnSlices(string ExId, int SlicerId, string WorkerId, IReadOnlyList<string> SliceIds) : IWithSlicerId;

/// <summary>From the controller: stop cutting and handing out slices (in-flight slices finish).</summary>
public sealed record PauseSlicer(string ExId, int SlicerId) : IWithSlicerId;

/// <summary>From the controller: continue after a pause.</summary>
public sealed record ResumeSlicer(string ExId, int SlicerId) : IWithSlicerId;

/// <summary>From the controller: the execution stops; persist it and stop the entity.</summary>
public sealed record StopSlicer(string ExId, int SlicerId) : IWithSlicerId;

/// <summary>Ask a slicer for its status (replies <see cref="SlicerStatus"/>).</summary>
public sealed record GetSlicerStatus(string ExId, int SlicerId) : IWithSlicerId;

/// <summary>
/// Sent by the shard to a slicer entity that is handed off to another node or stops with its
/// node: write what is buffered, then stop.
/// </summary>
public sealed record SlicerHandOff : ITerasliceMessage
{
    public static SlicerHandOff Instance { get; } = new();
}

// Messages from a slicer entity.

/// <summary>To a worker: slices to process (the sender is the slicer entity itself).</summary>
public sealed record SlicesAssigned(string ExId, int SlicerId, IReadOnlyList<SliceRecord> Slices) : IWithSlicerId;

/// <summary>To a worker: this slicer has nothing more to hand out, ever.</summary>
public sealed record SlicerDrained(string ExId, int SlicerId) : IWithSlicerId;

/// <summary>To the controller: where the slicer is, with its counters.</summary>
/// <param name="AwaitingRecovery">A slicer of a recovered execution that has not read the old journal yet.</param>
public sealed record SlicerStatus(string ExId, int SlicerId, SlicerPhase Phase, SlicerCounters Counters, string? Error, bool AwaitingRecovery = false)
    : IWithSlicerId
{
    /// <summary>Slices of the recovered execution are still to run (the execution is "recovering").</summary>
    public bool IsReplaying => AwaitingRecovery || Counters.Replaying > 0;
}
