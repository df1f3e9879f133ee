using System.Text.Json.Nodes;
using Akka.Event;
using Teraslice.Akka.Protocol.Executions;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Executions;

/// <summary>What a slicer's progress calls for: the end of the execution, and whether a probation window starts.</summary>
internal readonly record struct ProgressOutcome((ExecutionStatus Status, string? Reason)? End, bool ProbationStarts);

/// <summary>
/// Moves a living execution's status with its slicers' progress (the rules are
/// <see cref="ExecutionProgress"/>'s), and runs the probation of a failing persistent execution:
/// it is running again once it made progress without new failures for a whole window.
/// The controller's state: not thread-safe.
/// </summary>
internal sealed class StatusDriver(ExecutionRecord ex, ExecutionRecordWriter record, ExecutionStats stats, ControllerSlicers slicers, ILoggingAdapter log)
{
    private long _failuresSeen;
    private (long Failed, long Processed) _mark;

    private ExecutionStatus Status => record.Status;

    private bool Replaying => ex.RecoveredExecution is not null && slicers.AnyReplaying;

    public ProgressOutcome OnProgress(SlicerStatus status)
    {
        var step = ExecutionProgress.Next(new SlicerProgress(Status, slicers.AllReported, slicers.AllFinished, Replaying,
            status.Phase == SlicerPhase.Errored ? status : null, stats.Failed, _failuresSeen), ex.ExId);
        foreach (var move in step.Moves)
        {
            if (Status.IsInit()) stats.Started ??= DateTime.UtcNow;
            record.SetStatus(move, Status.IsInit() ? new JsonObject { ["_slicer_stats"] = stats.ToJson() } : null);
        }
        var probation = false;
        if (step.NewFailures)
        {
            _failuresSeen = stats.Failed;
            probation = OnNewFailures();
        }
        if (stats.QueuingComplete is null && slicers.AllExhausted) stats.QueuingComplete = DateTime.UtcNow;
        return new ProgressOutcome(step.End, probation);
    }

    /// <summary>A once execution is failing; a persistent one too, on probation (true: a window starts).</summary>
    private bool OnNewFailures()
    {
        if (Status is not (ExecutionStatus.Running or ExecutionStatus.Recovering or ExecutionStatus.Failing)) return false;
        if (ExecutionProgress.FailingReason(Status, ex.IsPersistent, ex.ExId) is { } reason) record.SetFailing(reason);
        if (!ex.IsPersistent) return false;
        _mark = (stats.Failed, stats.Processed);
        return true;
    }

    /// <summary>The end of a probation window; true when the probation is over (back to running, or no longer failing).</summary>
    public bool OnProbationWindow()
    {
        if (Status != ExecutionStatus.Failing) return true;
        var now = (stats.Failed, stats.Processed);
        if (ExecutionProgress.AfterProbation(Status, _mark, now, Replaying) is not { } back)
        {
            _mark = now;
            return false;
        }
        log.Info("Execution {ExId} made progress without failures for {ProbationWindow}: back to {Status}", ex.ExId, ex.ProbationWindow, back.ToWire());
        record.SetStatus(back);
        return true;
    }
}
