using Teraslice.Akka.Protocol.Executions;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Executions;

/// <summary>What an execution's slicers tell its controller, summed up.</summary>
/// <param name="Status">The execution's status now.</param>
/// <param name="AllReported">Every slicer reported at least once.</param>
/// <param name="AllFinished">Every slicer finished (once jobs).</param>
/// <param name="Replaying">A recovery: some slicer still runs the old execution's slices again.</param>
/// <param name="Errored">A slicer that errored, if any.</param>
/// <param name="Failed">Slices failed for good so far.</param>
/// <param name="FailuresSeen">Failures the controller acted on already.</param>
public readonly record struct SlicerProgress(
    ExecutionStatus Status, bool AllReported, bool AllFinished, bool Replaying, SlicerStatus? Errored, long Failed, long FailuresSeen);

/// <summary>What the progress means: the statuses to move through, in order, and whether the execution ends.</summary>
/// <param name="Moves">Status changes, in order (each still passes the transition guard when written).</param>
/// <param name="NewFailures">Failures not acted on before: a once execution is failing, a persistent one goes on probation.</param>
/// <param name="End">The execution ends with this status and failure reason.</param>
public sealed record ProgressStep(IReadOnlyList<ExecutionStatus> Moves, bool NewFailures, (ExecutionStatus Status, string? Reason)? End)
{
    public static readonly ProgressStep Nothing = new([], false, null);
}

/// <summary>
/// The rules of a running execution's status (teraslice-notes §3.2–§3.5), as a pure function of
/// its slicers' progress: started (running, or recovering while a recovery replays), back to
/// running once the replay is done, failing on a slice failure, completed or failed when every
/// slicer finished, failed when a slicer errored.
/// </summary>
public static class ExecutionProgress
{
    public static ProgressStep Next(SlicerProgress p, string exId)
    {
        if (p.Errored is { } errored)
            return new ProgressStep([], false, (ExecutionStatus.Failed, errored.Error ?? $"slicer {errored.SlicerId} of ex {exId} had an error"));
        if (!p.AllReported) return ProgressStep.Nothing;

        var moves = new List<ExecutionStatus>(1);
        if (p.Status.IsInit()) moves.Add(p.Replaying ? ExecutionStatus.Recovering : ExecutionStatus.Running);
        else if (p.Status == ExecutionStatus.Recovering && !p.Replaying && !p.AllFinished) moves.Add(ExecutionStatus.Running);

        (ExecutionStatus, string?)? end = null;
        if (p.AllFinished)
            end = p.Failed > 0
                ? (ExecutionStatus.Failed, $"execution: {exId} had {p.Failed} slice failure{(p.Failed == 1 ? "" : "s")} during processing")
                : (ExecutionStatus.Completed, null);
        return new ProgressStep(moves, p.Failed > p.FailuresSeen, end);
    }

    /// <summary>
    /// Teraslice's failing: only a running (or recovering, or failing) execution becomes failing;
    /// the reason names the watch dog (persistent) or the slice failure event (once).
    /// </summary>
    public static string? FailingReason(ExecutionStatus status, bool persistent, string exId) =>
        status is ExecutionStatus.Running or ExecutionStatus.Recovering
            ? $"execution {exId} has encountered a processing error, reason: " + (persistent ? "slice failure watch dog" : "slice failure event")
            : null;

    /// <summary>
    /// A persistent execution on probation goes back to running (or recovering) after a window
    /// with progress and no new failure; null: not yet (or it is not failing any more).
    /// </summary>
    public static ExecutionStatus? AfterProbation(ExecutionStatus status, (long Failed, long Processed) then, (long Failed, long Processed) now, bool replaying) =>
        status == ExecutionStatus.Failing && now.Failed == then.Failed && now.Processed > then.Processed
            ? replaying ? ExecutionStatus.Recovering : ExecutionStatus.Running
            : null;
}
