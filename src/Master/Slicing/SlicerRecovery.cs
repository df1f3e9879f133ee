using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>Which slices of an old execution's slicer a recovery runs again (Teraslice's cleanup types).</summary>
public static class RecoveryPlan
{
    public const string All = "all";
    public const string Errors = "errors";
    public const string Pending = "pending";

    /// <summary>
    /// errors → the failed slices; pending → the waiting ones (never handed out, or handed back);
    /// all or none → everything not completed (waiting, out with a worker, failed). Original ids,
    /// orders and requests are kept; retries start again from zero. In slicer order.
    /// </summary>
    public static List<SliceRecord> Select(SlicerSnapshot old, string? cleanupType)
    {
        var failed = old.Failures.Select(f => new SliceRecord(f.SliceId, old.SlicerId, f.SlicerOrder, f.Request, f.Created));
        IEnumerable<SliceRecord> chosen = cleanupType switch
        {
            Errors => failed,
            Pending => old.Pending,
            _ => old.Pending.Concat(old.InFlight).Concat(failed),
        };
        return chosen
            .Select(s => s with { RetryCount = 0 })
            .DistinctBy(s => s.SliceId)
            .OrderBy(s => s.SlicerOrder)
            .ToList();
    }
}

/// <summary>
/// Reads another slicer's journal (the one of the execution being recovered) and sends its parent
/// the recovery that replays it (<see cref="SlicerDecide.StartRecovery"/>), then stops. It never writes: the old slicer has ended, and its journal
/// stays as it is, so a chain of recoveries reads each link as it was left.
/// </summary>
internal sealed class SlicerJournalReader : ReceivePersistentActor
{
    private readonly ExecutionRecord _recovering;

    /// <param name="recovering">The execution that recovers <see cref="ExecutionRecord.RecoveredExecution"/>.</param>
    public SlicerJournalReader(ExecutionRecord recovering, int slicerId)
    {
        _recovering = recovering;
        PersistenceId = TerasliceNames.SlicerPersistenceId(recovering.RecoveredExecution!, slicerId);
        var state = new SlicerState();
        Recover<SnapshotOffer>(offer => state = SlicerState.FromSnapshot((SlicerSnapshot)offer.Snapshot));
        Recover<ISlicerEvent>(e => state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            var recovery = SlicerDecide.StartRecovery(state.ToSnapshot(), recovering.RecoveredExecution!, recovering.RecoveredSliceType,
                recovering.Autorecover, DateTime.UtcNow);
            Context.GetLogger().Info("Slicer {SlicerId} of execution {ExId} recovers {Count} slice(s) of execution {FromExId} (cleanup type {CleanupType}){Then}",
                slicerId, recovering.ExId, recovery.Slices.Count, recovery.FromExId, recovery.CleanupType ?? "none",
                recovery.ExitAfterReplay ? " and stops after them" : " then resumes slicing");
            Context.Parent.Tell(new OldSlicerRead(recovery, null));
            Context.Stop(Self);
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(ExecutionRecord recovering, int slicerId) =>
        global::Akka.Actor.Props.Create(() => new SlicerJournalReader(recovering, slicerId));

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new OldSlicerRead(null, $"could not read the slicer journal of execution {_recovering.RecoveredExecution} to recover it: {reason.Message}"));
        base.OnRecoveryFailure(reason, message);
    }
}

/// <summary>The recovery of the old slicer's slices, or why its journal could not be read.</summary>
internal sealed record OldSlicerRead(SlicerRecoveryStarted? Recovery, string? Error);
