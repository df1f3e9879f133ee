using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// What a slicer's commands mean for its state, as the journal events that say so (null: nothing
/// to record). Reads the state, changes nothing: the actor applies the event
/// (<see cref="SlicerState.Apply"/>) and writes it, the same event a replay applies.
/// </summary>
public static class SlicerDecide
{
    /// <summary>A worker may take up to <paramref name="max"/> slices: the first waiting ones go out.</summary>
    public static SlicesDispatched? Dispatch(SlicerState state, int max, DateTime at) => Dispatch(state, max, at, out _);

    /// <summary><see cref="Dispatch(SlicerState,int,DateTime)"/>, with the slices that go out (for the worker).</summary>
    public static SlicesDispatched? Dispatch(SlicerState state, int max, DateTime at, out List<SliceRecord> slices)
    {
        slices = [];
        if (!state.IsActive || max <= 0 || state.PendingCount == 0) return null;
        slices = state.FirstPending(max);
        var ids = new List<string>(slices.Count);
        foreach (var slice in slices) ids.Add(slice.SliceId);
        return new SlicesDispatched(ids, at);
    }

    /// <summary>A worker finished a slice: counted once, if it is still waiting or out (not done elsewhere already).</summary>
    public static SlicesCompleted? Complete(SlicerState state, string sliceId, SliceMetrics metrics, DateTime at) =>
        state.IsOutstanding(sliceId) ? new SlicesCompleted([sliceId], metrics, at) : null;

    /// <summary>A slice failed for good: recorded with its request, if it is still waiting or out.</summary>
    public static SlicesFailed? Fail(SlicerState state, string sliceId, string error, int retryCount, DateTime at) =>
        state.Outstanding(sliceId) is { } slice
            ? new SlicesFailed([new SliceFailure(sliceId, error, retryCount, at, slice.SlicerOrder, slice.Request, slice.Created)])
            : null;

    /// <summary>
    /// Slices back to the queue: those of <paramref name="sliceIds"/> that are out (a worker died
    /// with them: a retry; or handed them back unstarted: not one).
    /// </summary>
    public static SlicesRequeued? Requeue(SlicerState state, IEnumerable<string> sliceIds, bool countAsRetry, DateTime at)
    {
        var outNow = sliceIds.Where(state.IsInFlight).Distinct(StringComparer.Ordinal).ToList();
        return outNow.Count == 0 ? null : new SlicesRequeued(outNow, countAsRetry, at);
    }

    /// <summary>New slices of the requests a slicer operation cut, numbered from <paramref name="firstOrder"/>.</summary>
    public static SlicesCreated Cut(SlicerState state, IReadOnlyList<string> requests, long firstOrder, Func<string> newSliceId, DateTime at)
    {
        var slices = new List<SliceRecord>(requests.Count);
        var order = firstOrder;
        foreach (var request in requests) slices.Add(new SliceRecord(newSliceId(), state.SlicerId, order++, request, at));
        return new SlicesCreated(slices);
    }

    /// <summary>
    /// A recovery starts: the old slicer's slices its cleanup type names run again, slicing
    /// resumes after its last cut, unless a cleanup type without autorecover says to stop after the replay.
    /// </summary>
    public static SlicerRecoveryStarted StartRecovery(SlicerSnapshot old, string fromExId, string? cleanupType, bool autorecover, DateTime at) =>
        new(fromExId, cleanupType, RecoveryPlan.Select(old, cleanupType), old.LastCreatedRequest, old.NextOrder,
            ExitAfterReplay: cleanupType is not null && !autorecover, at);

    /// <summary>Exhausted and nothing waiting or out: the slicer is finished.</summary>
    /// <summary>The slicer cannot go on: the execution fails with Teraslice's reason text.</summary>
    public static SlicerErrored Errored(SlicerState state, string error, DateTime at) =>
        new(error.StartsWith("slicer for ex ", StringComparison.Ordinal)
            ? error
            : $"slicer for ex {state.ExId} had an error, shutting down execution, caused by {error}", at);

    public static SlicerFinished? Finish(SlicerState state, DateTime at) => state.CanFinish ? new SlicerFinished(at) : null;
}
