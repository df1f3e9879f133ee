using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// One slicer of one execution, as a sharded, event-sourced entity ("{exId}/{slicerId}"). It runs
/// the job's slicer operation, writes the slices it cuts before handing them out, hands them to
/// workers that ask (pull), and records dispatches, completions and failures coalesced per tick.
/// What each command means is <see cref="SlicerDecide"/>'s; the journal plumbing is
/// <see cref="SlicerJournalActor"/>'s. On restart it replays its journal, puts the slices that
/// were out back in the queue, and resumes its slicer operation after the last slice it cut.
/// </summary>
public sealed class SlicerActor : SlicerJournalActor, IWithTimers
{
    private readonly SliceErrorProjection _errors;
    private readonly SlicerSettings _settings;
    private readonly SlicerWorkers _workers;

    private readonly SlicerCutting _cutting;
    private bool _paused;
    private bool _statusDirty;
    private IActorRef? _controller;
    private ExecutionRecord? _execution;

    /// <param name="store">Where failed slices are projected for the /errors routes (null: nowhere, in tests).</param>
    /// <param name="events">Where failed slices are logged as slice_failed events (null: nowhere, in tests).</param>
    public SlicerActor(string entityId, IOperationCatalog catalog, ILoggerFactory loggerFactory, SlicerSettings settings,
        IStateStore? store = null, ClusterEventLog? events = null)
        : base(TerasliceNames.SlicerPersistenceId(entityId), settings.SnapshotEvery)
    {
        _errors = new SliceErrorProjection(store, events, Log, PersistenceId);
        _settings = settings;
        _workers = new SlicerWorkers(settings.MaxCreditsPerWorker);
        _cutting = new SlicerCutting(settings, catalog, loggerFactory);

        Command<StartSlicer>(OnStart);
        Command<RequestSlices>(OnRequest);
        Command<SliceCompleted>(OnCompleted);
        Command<SliceFailed>(OnFailed);
        Command<ReturnSlices>(OnReturned);
        Command<PauseSlicer>(_ => OnPauseOrResume(pause: true));
        Command<ResumeSlicer>(_ => OnPauseOrResume(pause: false));
        Command<StopSlicer>(_ => OnStop());
        Command<SlicerHandOff>(_ =>
        {
            Timers.CancelAll();
            StopWhenWritten();
        });
        Command<GetSlicerStatus>(_ => Sender.Tell(Status()));
        Command<SlicerOperationReady>(OnSlicerReady);
        Command<OldSlicerRead>(OnOldSlicerRead);
        Command<SlicesCut>(OnCut);
        Command<Terminated>(t => OnWorkerGone(t.ActorRef));
        Command<SlicerTick>(OnTick);
        Command<ReceiveTimeout>(_ => Passivate());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string entityId, IOperationCatalog catalog, ILoggerFactory loggerFactory, SlicerSettings settings,
        IStateStore? store = null, ClusterEventLog? events = null) =>
        global::Akka.Actor.Props.Create(() => new SlicerActor(entityId, catalog, loggerFactory, settings, store, events));

    // ---- lifecycle

    protected override void OnRecovered()
    {
        _cutting.NextOrder = State.NextOrder;
        // the projection may have missed the last failures before a crash; writing them again is harmless
        _errors.Write(State.ExId, State.SlicerId, State.Failures);
        if (State.IsTerminal)
        {
            Context.SetReceiveTimeout(_settings.TerminalIdle);
            return;
        }
        if (!State.IsActive) return; // new: waits for StartSlicer
        // the workers that held these are gone with the old incarnation: hand them out again
        if (SlicerDecide.Requeue(State, State.InFlight.Select(s => s.SliceId).ToList(), countAsRetry: true, DateTime.UtcNow) is { } lost)
        {
            Log.Info("Slicer {PersistenceId} resumes with {Count} slice(s) that were out; they go back to the queue", PersistenceId, lost.SliceIds.Count);
            ApplyAndWrite(lost);
        }
        StartTimers();
        if (RecoversFrom is not null && !State.RecoveryStarted) ReadOldSlicer();
        else if (State.Phase == SlicerPhase.Slicing) CreateSlicerOperation();
        else CheckFinish();
    }

    private void OnStart(StartSlicer start)
    {
        _controller = start.Controller;
        if (State.Phase != SlicerPhase.New)
        {
            _controller.Tell(Status());
            return;
        }
        _execution = start.Execution;
        WriteThenApply(new SlicerInitialized(start.ExId, start.SlicerId, start.Execution.Json, DateTime.UtcNow), _ =>
        {
            StartTimers();
            if (RecoversFrom is not null) ReadOldSlicer();
            else CreateSlicerOperation();
            PushStatus();
        });
    }

    /// <summary>The execution's record, as the journal has it (the slicer is initialized).</summary>
    private ExecutionRecord Execution => _execution ??= ExecutionRecord.Parse(State.ExConfigJson);

    /// <summary>The execution this one recovers, or null.</summary>
    private string? RecoversFrom => State.ExConfigJson.Length == 0 ? null : Execution.RecoveredExecution;

    // ---- recovery of another execution: replay its slicer's unfinished slices

    private void ReadOldSlicer()
    {
        Log.Info("Slicer {PersistenceId} reads the journal of slicer {SlicerId} of execution {FromExId} to recover it", PersistenceId, State.SlicerId, RecoversFrom);
        Context.ActorOf(SlicerJournalReader.Props(Execution, State.SlicerId), "recovery-reader");
    }

    private void OnOldSlicerRead(OldSlicerRead read)
    {
        if (read.Recovery is not { } recovery)
        {
            Fail(read.Error!);
            return;
        }
        WriteThenApply(recovery, _ =>
        {
            _cutting.NextOrder = State.NextOrder;
            PushStatus();
            TryDispatch();
            if (State.Phase == SlicerPhase.Slicing) CreateSlicerOperation();
            else CheckFinish();
        });
    }

    // ---- the slicer operation and cutting

    /// <summary>Creates the slicer operation (its assets loaded, resuming after the last slice cut), off the actor.</summary>
    private void CreateSlicerOperation() =>
        _cutting.CreateAsync(Execution, State.SlicerId, State.LastCreatedRequest).PipeTo(Self);

    private void OnSlicerReady(SlicerOperationReady ready)
    {
        if (ready.Slicer is null)
        {
            if (ready.Cause is not null) Log.Error(ready.Cause, "Slicer {PersistenceId} could not create its slicer operation", PersistenceId);
            Fail(ready.Error ?? "the slicer operation could not be created");
            return;
        }
        _cutting.Ready(ready.Slicer);
        if (State.IsTerminal || Finishing)
        {
            _ = DisposeSlicerAsync();
            return;
        }
        TryCut();
    }

    private void TryCut()
    {
        if (_paused || Finishing || State.Phase != SlicerPhase.Slicing) return;
        _cutting.Next(State.PendingCount)?.PipeTo(Self);
    }

    private void OnCut(SlicesCut cut)
    {
        _cutting.Cut(cut); // done: no more cutting, and no second SlicerExhausted
        if (State.IsTerminal || Finishing) return;
        if (cut.Requests.Count > 0)
        {
            // durable before any of them is handed out: written first, then applied
            WriteThenApply(_cutting.Created(State, cut.Requests, DateTime.UtcNow), e =>
            {
                _cutting.Applied(e);
                _statusDirty = true;
                TryDispatch();
                TryCut();
            });
        }
        if (cut.Error is not null)
        {
            Fail(cut.Error);
            return;
        }
        if (cut.Done)
            WriteThenApply(new SlicerExhausted(DateTime.UtcNow), _ =>
            {
                PushStatus();
                CheckFinish();
            });
        else if (cut.Requests.Count == 0)
            Timers.StartSingleTimer(SlicerTick.Idle, SlicerTick.Idle, _settings.IdleRetry);
    }

    // ---- handing out and taking back

    private void OnPauseOrResume(bool pause)
    {
        _paused = pause;
        if (!pause)
        {
            TryDispatch();
            TryCut();
        }
        PushStatus();
    }

    private void OnRequest(RequestSlices request)
    {
        if (State.IsTerminal)
        {
            Sender.Tell(new SlicerDrained(State.ExId, State.SlicerId));
            return;
        }
        if (_workers.Credit(Sender, request.WorkerId, request.Count)) Context.Watch(Sender);
        TryDispatch();
    }

    private void TryDispatch()
    {
        if (_paused || !State.IsActive || State.PendingCount == 0) return;
        var now = DateTime.UtcNow;
        foreach (var (worker, entry) in _workers)
        {
            if (entry.Credits <= 0) continue;
            if (SlicerDecide.Dispatch(State, entry.Credits, now, out var slices) is not { } dispatched) break;
            ApplyAndBuffer(dispatched);
            entry.Sent(dispatched.SliceIds);
            worker.Tell(new SlicesAssigned(State.ExId, State.SlicerId, slices));
        }
        _statusDirty = true;
        if (Writes.Dispatched >= _settings.FlushAtCount) Flush();
        TryCut();
    }

    private void OnCompleted(SliceCompleted done) =>
        OnResult(done.SliceId, done.WantsMore, SlicerDecide.Complete(State, done.SliceId, done.Metrics, DateTime.UtcNow));

    private void OnFailed(SliceFailed failed) =>
        OnResult(failed.SliceId, failed.WantsMore, SlicerDecide.Fail(State, failed.SliceId, failed.Error, failed.RetryCount, DateTime.UtcNow));

    /// <summary>A worker's result: a completion (written with the next flush) or a failure (the controller is told at once).</summary>
    private void OnResult(string sliceId, bool wantsMore, ISlicerEvent? result)
    {
        _workers.Done(Sender, sliceId, wantsMore);
        if (result is null)
            Log.Debug("Slicer {PersistenceId}: the result of slice {SliceId}, which is not outstanding (done elsewhere already), is ignored", PersistenceId, sliceId);
        else ApplyAndBuffer(result);
        if (result is SlicesFailed) PushStatus();
        else _statusDirty = true;
        if (Writes.Completed >= _settings.FlushAtCount) Flush();
        TryDispatch();
        CheckFinish();
    }

    private void OnReturned(ReturnSlices returned)
    {
        var ids = _workers.HandedBack(Sender, returned.SliceIds);
        if (SlicerDecide.Requeue(State, ids, countAsRetry: false, DateTime.UtcNow) is not { } requeued) return;
        ApplyAndWrite(requeued);
        TryDispatch();
    }

    private void OnWorkerGone(IActorRef worker)
    {
        if (_workers.Remove(worker) is not var (workerId, held)) return;
        if (SlicerDecide.Requeue(State, held, countAsRetry: true, DateTime.UtcNow) is not { } lost) return;
        Log.Info("Slicer {PersistenceId}: worker {WorkerId} is gone with {Count} slice(s); they go back to the queue", PersistenceId, workerId, lost.SliceIds.Count);
        ApplyAndWrite(lost);
        TryDispatch();
    }

    // ---- the end

    private void CheckFinish()
    {
        if (Finishing || !State.CanFinish || SlicerDecide.Finish(State, DateTime.UtcNow) is not { } finished) return;
        EndWith(finished);
    }

    /// <summary>The slicer cannot go on; the execution fails with Teraslice's reason text.</summary>
    private void Fail(string error)
    {
        if (State.IsTerminal || Finishing) return;
        var errored = SlicerDecide.Errored(State, error, DateTime.UtcNow);
        Log.Warning("Slicer {PersistenceId} failed: {Error}", PersistenceId, errored.Error);
        EndWith(errored);
    }

    private void OnStop()
    {
        if (State.IsTerminal || State.Phase == SlicerPhase.New)
        {
            Sender.Tell(Status()); // the controller ends on the last statuses of its slicers
            Passivate();
            return;
        }
        if (!Finishing) EndWith(new SlicerStopped(DateTime.UtcNow), then: Passivate);
    }

    /// <summary>Writes a terminal event (after what is buffered), then tells the controller and the workers.</summary>
    private void EndWith(ISlicerEvent terminal, Action? then = null) =>
        WriteTerminal(terminal, () =>
        {
            Timers.CancelAll();
            PushStatus();
            foreach (var worker in _workers.All) worker.Tell(new SlicerDrained(State.ExId, State.SlicerId));
            Context.SetReceiveTimeout(_settings.TerminalIdle);
            _ = DisposeSlicerAsync();
            then?.Invoke();
        });

    private async Task DisposeSlicerAsync()
    {
        if (await _cutting.DisposeAsync() is { } e) Log.Warning(e, "Slicer {PersistenceId}: disposing the slicer operation failed", PersistenceId);
    }

    private void Passivate() => Context.Parent.Tell(new Passivate(SlicerHandOff.Instance));

    protected override void PostStop()
    {
        _ = DisposeSlicerAsync();
        base.PostStop();
    }

    // ---- status, timers, the /errors projection

    protected override void OnFailuresWritten(IReadOnlyList<SliceFailure> failures) =>
        _errors.Written(State.ExId, Execution.JobId, State.SlicerId, failures);

    private void StartTimers()
    {
        Timers.StartPeriodicTimer(SlicerTick.Flush, SlicerTick.Flush, _settings.FlushInterval);
        Timers.StartPeriodicTimer(SlicerTick.Status, SlicerTick.Status, _settings.StatusInterval);
    }

    private void OnTick(SlicerTick tick)
    {
        if (tick == SlicerTick.Flush) Flush();
        else if (tick == SlicerTick.Status && _statusDirty) PushStatus();
        else if (tick == SlicerTick.Idle) TryCut();
    }

    private SlicerStatus Status() => State.ToStatus(recovers: RecoversFrom is not null);

    private void PushStatus()
    {
        _statusDirty = false;
        _controller?.Tell(Status());
    }
}
