using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// One slicer of one execution, as a sharded, event-sourced entity ("{exId}/{slicerId}"). It runs
/// the job's slicer operation, persists the slices it cuts before handing them out, hands them to
/// workers that ask (pull), and records dispatches, completions and failures coalesced per tick.
/// On restart it replays its journal, puts the slices that were out back in the queue, and
/// resumes its slicer operation after the last slice it cut.
/// </summary>
public sealed class SlicerActor : ReceivePersistentActor, IWithTimers
{
    private const string FlushTimer = "flush";
    private const string StatusTimer = "status";
    private const string IdleTimer = "idle-retry";

    private readonly IOperationCatalog _catalog;
    private readonly IStateStore? _store;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SlicerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private SlicerState _state = new();
    private ISlicer? _slicer;
    private bool _slicerReady;
    private bool _cutting;
    private int _unappliedCreated;
    private bool _paused;
    private bool _finishing;
    private bool _exhausting;
    private long _nextOrder = 1;
    private IActorRef? _controller;

    private readonly Dictionary<IActorRef, WorkerEntry> _workers = new();
    private List<string> _dispatchBuffer = [];
    private List<string> _completeBuffer = [];
    private SliceMetrics _completeMetrics = SliceMetrics.Zero;
    private List<SliceFailure> _failBuffer = [];
    private int _persistsInFlight;
    private bool _stopWhenWritten;
    private long _eventsSinceSnapshot;
    private bool _statusDirty;

    /// <param name="store">Where failed slices are projected for the /errors routes (null: nowhere, in tests).</param>
    public SlicerActor(string entityId, IOperationCatalog catalog, ILoggerFactory loggerFactory, SlicerSettings settings, IStateStore? store = null)
    {
        PersistenceId = "slicer-" + entityId;
        _catalog = catalog;
        _store = store;
        _loggerFactory = loggerFactory;
        _settings = settings;

        Recover<SnapshotOffer>(offer => _state = SlicerState.FromSnapshot((SlicerSnapshot)offer.Snapshot));
        Recover<ISlicerEvent>(e => _state.Apply(e));
        // persisting here is allowed (before any command is handled), so no command sees a half-recovered state
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<StartSlicer>(OnStart);
        Command<RequestSlices>(OnRequest);
        Command<SliceCompleted>(OnCompleted);
        Command<SliceFailed>(OnFailed);
        Command<ReturnSlices>(OnReturned);
        Command<PauseSlicer>(_ =>
        {
            _paused = true;
            PushStatus();
        });
        Command<ResumeSlicer>(_ =>
        {
            _paused = false;
            TryDispatch();
            TryCut();
            PushStatus();
        });
        Command<StopSlicer>(_ => OnStop());
        Command<SlicerHandOff>(_ => OnHandOff());
        Command<GetSlicerStatus>(_ => Sender.Tell(Status()));
        Command<SlicerOpReady>(OnSlicerReady);
        Command<OldSlicerRead>(OnOldSlicerRead);
        Command<RegistryReady>(OnRegistryReady);
        Command<Cut>(OnCut);
        Command<Terminated>(t => OnWorkerGone(t.ActorRef));
        Command<Tick>(t => OnTick(t));
        Command<ReceiveTimeout>(_ => Passivate());
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Slicer {PersistenceId} could not save a snapshot", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Slicer {PersistenceId} could not trim its journal", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string entityId, IOperationCatalog catalog, ILoggerFactory loggerFactory, SlicerSettings settings, IStateStore? store = null) =>
        global::Akka.Actor.Props.Create(() => new SlicerActor(entityId, catalog, loggerFactory, settings, store));

    // ---- lifecycle

    private void OnRecovered()
    {
        _nextOrder = _state.NextOrder;
        // the projection may have missed the last failures before a crash; writing them again is harmless
        if (_state.Failures.Count > 0) ProjectFailures(_state.Failures);
        if (_state.IsTerminal)
        {
            Context.SetReceiveTimeout(_settings.TerminalIdle);
            return;
        }
        if (!_state.IsActive) return; // new: waits for StartSlicer
        if (_state.InFlightCount > 0)
        {
            // the workers that held these are gone with the old incarnation: hand them out again
            var lost = _state.InFlight.Select(s => s.SliceId).ToList();
            _log.Info("Slicer {PersistenceId} resumes with {Count} slice(s) that were out; they go back to the queue", PersistenceId, lost.Count);
            _state.Requeue(lost, countAsRetry: true);
            PersistEvent(new SlicesRequeued(lost, CountAsRetry: true, DateTime.UtcNow));
        }
        StartTimers();
        if (RecoversFrom is not null && !_state.RecoveryStarted) ReadOldSlicer();
        else if (_state.Phase == SlicerPhase.Slicing) CreateSlicerOperation();
        else CheckFinish();
    }

    private void OnStart(StartSlicer start)
    {
        _controller = start.Controller;
        if (_state.Phase != SlicerPhase.New)
        {
            _controller.Tell(Status());
            return;
        }
        _persistsInFlight++;
        PersistAsync(new SlicerInitialized(start.ExId, start.SlicerId, start.ExConfigJson, DateTime.UtcNow), e =>
        {
            _state.Initialize(e);
            AfterWrite();
            StartTimers();
            if (RecoversFrom is not null) ReadOldSlicer();
            else CreateSlicerOperation();
            PushStatus();
        });
    }

    // ---- recovery of another execution: replay its slicer's unfinished slices

    /// <summary>The execution this one recovers (recovered_execution of the config), or null.</summary>
    private string? RecoversFrom
    {
        get
        {
            if (_state.ExConfigJson.Length == 0) return null; // not initialized yet
            _recoversFrom ??= ConfigString("recovered_execution") ?? "";
            return _recoversFrom.Length > 0 ? _recoversFrom : null;
        }
    }

    private string? _recoversFrom;

    private string? ConfigString(string key) =>
        JsonNode.Parse(_state.ExConfigJson) is JsonObject config && config[key] is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : null;

    private void ReadOldSlicer()
    {
        var from = RecoversFrom!;
        _log.Info("Slicer {PersistenceId} reads the journal of slicer {SlicerId} of execution {FromExId} to recover it", PersistenceId, _state.SlicerId, from);
        Context.ActorOf(SlicerJournalReader.Props("slicer-" + Protocol.TerasliceNames.SlicerEntityId(from, _state.SlicerId)), "recovery-reader");
    }

    private void OnOldSlicerRead(OldSlicerRead read)
    {
        if (read.State is not { } old)
        {
            Fail($"could not read the slicer journal of execution {RecoversFrom} to recover it: {read.Error}");
            return;
        }
        var config = (JsonObject)JsonNode.Parse(_state.ExConfigJson)!;
        var cleanup = ConfigString("recovered_slice_type");
        var autorecover = config["autorecover"] is JsonValue a && a.TryGetValue<bool>(out var on) && on;
        var replay = RecoveryPlan.Select(old, cleanup);
        var exitAfterReplay = cleanup is not null && !autorecover;
        _log.Info("Slicer {PersistenceId} recovers {Count} slice(s) of execution {FromExId} (cleanup type {CleanupType}){Then}", PersistenceId, replay.Count, RecoversFrom!,
            cleanup ?? "none", exitAfterReplay ? " and stops after them" : " then resumes slicing");
        _persistsInFlight++;
        PersistAsync(new SlicerRecoveryStarted(RecoversFrom!, cleanup, replay, old.LastCreatedRequest, old.NextOrder, exitAfterReplay, DateTime.UtcNow), e =>
        {
            _state.Apply(e);
            _nextOrder = _state.NextOrder;
            AfterWrite();
            PushStatus();
            TryDispatch();
            if (_state.Phase == SlicerPhase.Slicing) CreateSlicerOperation();
            else CheckFinish();
        });
    }

    /// <summary>Creates the slicer operation once the operations of the execution's assets are loaded.</summary>
    private void CreateSlicerOperation()
    {
        var assetIds = ExecutionInfo.AssetIds((JsonObject)JsonNode.Parse(_state.ExConfigJson)!);
        if (assetIds.Count == 0)
        {
            CreateSlicerOperation(_catalog.Builtins);
            return;
        }
        _catalog.ForAssetsAsync(assetIds, CancellationToken.None).AsTask().ContinueWith(
            t => t.IsCompletedSuccessfully ? new RegistryReady(t.Result, null) : new RegistryReady(null, t.Exception?.GetBaseException().Message ?? "cancelled"),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void OnRegistryReady(RegistryReady ready)
    {
        if (ready.Registry is null) Fail($"the assets of execution {_state.ExId} could not be loaded: {ready.Error}");
        else if (!_state.IsTerminal && !_finishing) CreateSlicerOperation(ready.Registry);
    }

    private void CreateSlicerOperation(OperationRegistry registry)
    {
        try
        {
            var plan = ExecutionPlan.Create((JsonObject)JsonNode.Parse(_state.ExConfigJson)!, registry);
            var slicer = plan.CreateSlicer(_state.SlicerId, _loggerFactory.CreateLogger("Teraslice.Slicer"));
            SlicerRecovery? recovery = _state.LastCreatedRequest is { } last ? new SlicerRecovery(new SliceRequest(last)) : null;
            if (recovery is not null && !slicer.IsRecoverable)
            {
                Fail($"the slicer of operation \"{plan.Execution.Operations[0]["_op"]}\" is not recoverable, so it cannot resume after a restart");
                return;
            }
            _slicer = slicer;
            var self = Self;
            slicer.InitializeAsync(recovery, CancellationToken.None).AsTask().ContinueWith(
                t => t.IsCompletedSuccessfully ? new SlicerOpReady(null) : new SlicerOpReady(Describe(t.Exception?.GetBaseException())),
                TaskScheduler.Default).PipeTo(self);
        }
        catch (Exception e)
        {
            _log.Error(e, "Slicer {PersistenceId} could not create its slicer operation", PersistenceId);
            Fail(Describe(e));
        }
    }

    private void OnSlicerReady(SlicerOpReady ready)
    {
        if (ready.Error is not null)
        {
            Fail(ready.Error);
            return;
        }
        _slicerReady = true;
        TryCut();
    }

    private void StartTimers()
    {
        Timers.StartPeriodicTimer(FlushTimer, Tick.Flush, _settings.FlushInterval);
        Timers.StartPeriodicTimer(StatusTimer, Tick.Status, _settings.StatusInterval);
    }

    private void OnTick(Tick tick)
    {
        if (tick == Tick.Flush) Flush();
        else if (tick == Tick.Status && _statusDirty) PushStatus();
        else if (tick == Tick.Idle) TryCut();
    }

    // ---- cutting

    private int MaxQueue => _slicer?.MaxQueueLength ?? _settings.DefaultMaxQueueLength;

    private void TryCut()
    {
        if (_cutting || _exhausting || _paused || _finishing || !_slicerReady || _slicer is null || _state.Phase != SlicerPhase.Slicing) return;
        // refill only when the queue is half empty, then fill it up: a few large events, not one per dispatch
        var queued = _state.PendingCount + _unappliedCreated;
        if (queued > MaxQueue / 2) return;
        var room = MaxQueue - queued;
        _cutting = true;
        var slicer = _slicer;
        var max = Math.Min(room, _settings.CutBatch);
        Task.Run(() => CutAsync(slicer, max)).PipeTo(Self);
    }

    private static async Task<Cut> CutAsync(ISlicer slicer, int max)
    {
        var requests = new List<string>();
        try
        {
            while (requests.Count < max)
            {
                var result = await slicer.SliceAsync(CancellationToken.None);
                foreach (var request in result.Requests) requests.Add(SliceRequest.Serialize(request));
                if (result.IsDone) return new Cut(requests, true, null);
                if (result.Requests.Count == 0) break;
            }
            return new Cut(requests, false, null);
        }
        catch (Exception e)
        {
            return new Cut(requests, false, Describe(e));
        }
    }

    private void OnCut(Cut cut)
    {
        _cutting = false;
        if (_state.IsTerminal || _finishing) return;
        if (cut.Requests.Count > 0)
        {
            var now = DateTime.UtcNow;
            var slices = new List<SliceRecord>(cut.Requests.Count);
            foreach (var request in cut.Requests)
                slices.Add(new SliceRecord(Guid.NewGuid().ToString(), _state.SlicerId, _nextOrder++, request, now));
            _unappliedCreated += slices.Count;
            _persistsInFlight++;
            PersistAsync(new SlicesCreated(slices), e =>
            {
                _unappliedCreated -= e.Slices.Count;
                _state.AddCreated(e.Slices);
                AfterWrite();
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
        {
            _exhausting = true; // once: no more cutting, and no second SlicerExhausted
            _persistsInFlight++;
            PersistAsync(new SlicerExhausted(DateTime.UtcNow), e =>
            {
                _state.MarkExhausted(e.At);
                AfterWrite();
                PushStatus();
                CheckFinish();
            });
        }
        else if (cut.Requests.Count == 0)
        {
            Timers.StartSingleTimer(IdleTimer, Tick.Idle, _settings.IdleRetry);
        }
    }

    // ---- handing out

    private void OnRequest(RequestSlices request)
    {
        if (_state.IsTerminal)
        {
            Sender.Tell(new SlicerDrained(_state.ExId, _state.SlicerId));
            return;
        }
        var entry = Worker(Sender, request.WorkerId);
        entry.Credits = Math.Min(_settings.MaxCreditsPerWorker, entry.Credits + Math.Max(0, request.Count));
        TryDispatch();
    }

    private WorkerEntry Worker(IActorRef worker, string workerId)
    {
        if (_workers.TryGetValue(worker, out var entry)) return entry;
        entry = new WorkerEntry(workerId);
        _workers[worker] = entry;
        Context.Watch(worker);
        return entry;
    }

    private void TryDispatch()
    {
        if (_paused || !_state.IsActive || _state.PendingCount == 0) return;
        var now = DateTime.UtcNow;
        foreach (var (worker, entry) in _workers)
        {
            if (entry.Credits <= 0) continue;
            var slices = _state.TakePending(entry.Credits, now);
            if (slices.Count == 0) break;
            entry.Credits -= slices.Count;
            foreach (var slice in slices)
            {
                entry.InFlight.Add(slice.SliceId);
                _dispatchBuffer.Add(slice.SliceId);
            }
            worker.Tell(new SlicesAssigned(_state.ExId, _state.SlicerId, slices));
        }
        _statusDirty = true;
        if (_dispatchBuffer.Count >= _settings.FlushAtCount) Flush();
        TryCut();
    }

    private void OnCompleted(SliceCompleted done)
    {
        var entry = _workers.GetValueOrDefault(Sender);
        entry?.InFlight.Remove(done.SliceId);
        if (entry is not null && done.WantsMore) entry.Credits = Math.Min(_settings.MaxCreditsPerWorker, entry.Credits + 1);
        if (_state.IsOutstanding(done.SliceId))
        {
            _state.MarkCompleted([done.SliceId], done.Metrics, DateTime.UtcNow);
            _completeBuffer.Add(done.SliceId);
            _completeMetrics = _completeMetrics.Add(done.Metrics);
            _statusDirty = true;
            if (_completeBuffer.Count >= _settings.FlushAtCount) Flush();
        }
        else
        {
            _log.Debug("Slicer {PersistenceId}: completion of slice {SliceId} that is not outstanding (already done elsewhere) ignored", PersistenceId, done.SliceId);
        }
        TryDispatch();
        CheckFinish();
    }

    private void OnFailed(SliceFailed failed)
    {
        var entry = _workers.GetValueOrDefault(Sender);
        entry?.InFlight.Remove(failed.SliceId);
        if (entry is not null && failed.WantsMore) entry.Credits = Math.Min(_settings.MaxCreditsPerWorker, entry.Credits + 1);
        if (_state.Outstanding(failed.SliceId) is { } slice)
        {
            var failure = new SliceFailure(failed.SliceId, failed.Error, failed.RetryCount, DateTime.UtcNow, slice.SlicerOrder, slice.Request, slice.Created);
            _state.MarkFailed([failure]);
            _failBuffer.Add(failure);
            PushStatus();
        }
        TryDispatch();
        CheckFinish();
    }

    private void OnReturned(ReturnSlices returned)
    {
        var entry = _workers.GetValueOrDefault(Sender);
        var ids = returned.SliceIds.Where(id => entry?.InFlight.Remove(id) ?? true).ToList();
        if (ids.Count == 0) return;
        Flush();
        _state.Requeue(ids, countAsRetry: false);
        PersistEvent(new SlicesRequeued(ids, CountAsRetry: false, DateTime.UtcNow));
        TryDispatch();
    }

    private void OnWorkerGone(IActorRef worker)
    {
        if (!_workers.Remove(worker, out var entry)) return;
        var lost = entry.InFlight.Where(_state.IsOutstanding).ToList();
        if (lost.Count == 0) return;
        _log.Info("Slicer {PersistenceId}: worker {WorkerId} is gone with {Count} slice(s); they go back to the queue", PersistenceId, entry.WorkerId, lost.Count);
        Flush();
        _state.Requeue(lost, countAsRetry: true);
        PersistEvent(new SlicesRequeued(lost, CountAsRetry: true, DateTime.UtcNow));
        TryDispatch();
    }

    // ---- the end

    private void CheckFinish()
    {
        if (!_state.CanFinish || _finishing) return;
        _finishing = true;
        Flush();
        _persistsInFlight++;
        PersistAsync(new SlicerFinished(DateTime.UtcNow), e =>
        {
            _state.Apply(e);
            AfterWrite();
            OnTerminalPhase();
        });
    }

    /// <summary>An operation's failure as users read it in _failureReason: its type and message, no stack (that goes to the log).</summary>
    private static string Describe(Exception? e) => e is null ? "cancelled" : $"{e.GetType().Name}: {e.Message}";

    /// <summary>The slicer cannot go on; the execution fails with Teraslice's reason text.</summary>
    private void Fail(string error)
    {
        if (!error.StartsWith("slicer for ex ", StringComparison.Ordinal))
            error = $"slicer for ex {_state.ExId} had an error, shutting down execution, caused by {error}";
        if (_state.IsTerminal || _finishing) return;
        _finishing = true;
        _log.Warning("Slicer {PersistenceId} failed: {Error}", PersistenceId, error);
        Flush();
        _persistsInFlight++;
        PersistAsync(new SlicerErrored(error, DateTime.UtcNow), e =>
        {
            _state.Apply(e);
            AfterWrite();
            OnTerminalPhase();
        });
    }

    private void OnStop()
    {
        if (_state.IsTerminal || _state.Phase == SlicerPhase.New)
        {
            Sender.Tell(Status()); // the controller ends on the last statuses of its slicers
            Passivate();
            return;
        }
        if (_finishing) return;
        _finishing = true;
        Flush();
        _persistsInFlight++;
        PersistAsync(new SlicerStopped(DateTime.UtcNow), e =>
        {
            _state.Apply(e);
            AfterWrite();
            OnTerminalPhase();
            Passivate();
        });
    }

    private void OnTerminalPhase()
    {
        Timers.CancelAll();
        PushStatus();
        foreach (var worker in _workers.Keys) worker.Tell(new SlicerDrained(_state.ExId, _state.SlicerId));
        Context.SetReceiveTimeout(_settings.TerminalIdle);
        _ = DisposeSlicerAsync();
    }

    private async Task DisposeSlicerAsync()
    {
        if (_slicer is null) return;
        var slicer = _slicer;
        _slicer = null;
        try
        {
            await slicer.DisposeAsync();
        }
        catch (Exception e)
        {
            _log.Warning(e, "Slicer {PersistenceId}: disposing the slicer operation failed", PersistenceId);
        }
    }

    private void Passivate() => Context.Parent.Tell(new Passivate(SlicerHandOff.Instance));

    /// <summary>Handed off or passivated: write what is buffered, then stop once it is written.</summary>
    private void OnHandOff()
    {
        Timers.CancelAll();
        Flush();
        _stopWhenWritten = true;
        if (_persistsInFlight == 0) Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _ = DisposeSlicerAsync();
        base.PostStop();
    }

    // ---- persistence plumbing

    private void Flush()
    {
        if (_dispatchBuffer.Count > 0)
        {
            PersistEvent(new SlicesDispatched(_dispatchBuffer, DateTime.UtcNow));
            _dispatchBuffer = [];
        }
        if (_completeBuffer.Count > 0)
        {
            PersistEvent(new SlicesCompleted(_completeBuffer, _completeMetrics, DateTime.UtcNow));
            _completeBuffer = [];
            _completeMetrics = SliceMetrics.Zero;
        }
        if (_failBuffer.Count > 0)
        {
            var failures = _failBuffer;
            _failBuffer = [];
            _persistsInFlight++;
            PersistAsync(new SlicesFailed(failures), _ =>
            {
                AfterWrite();
                ProjectFailures(failures);
            });
        }
    }

    /// <summary>Writes failed slices to the state store's error records (Teraslice state records in state "error").</summary>
    private void ProjectFailures(IReadOnlyList<SliceFailure> failures)
    {
        if (_store is null) return;
        var documents = failures.Select(f => SliceErrorDocument(_state.ExId, _state.SlicerId, f)).ToList();
        var log = _log;
        var id = PersistenceId;
        _store.UpsertSliceErrorsAsync(documents).ContinueWith(
            t => log.Error(t.Exception?.GetBaseException(), "Slicer {PersistenceId} could not record {Count} failed slice(s) for the /errors routes", id, documents.Count),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    internal static JsonObject SliceErrorDocument(string exId, int slicerId, SliceFailure failure)
    {
        var document = new JsonObject
        {
            ["slice_id"] = failure.SliceId,
            ["slicer_id"] = slicerId,
            ["slicer_order"] = failure.SlicerOrder,
            ["request"] = failure.Request,
            ["state"] = "error",
            ["ex_id"] = exId,
            ["_created"] = IsoDate.Format(failure.Created == default ? failure.At : failure.Created),
            ["_updated"] = IsoDate.Format(failure.At),
            ["error"] = failure.Error,
        };
        if (failure.RetryCount > 0) document["retry_count"] = failure.RetryCount;
        return document;
    }

    /// <summary>Persists an event whose effect is already applied to the state.</summary>
    private void PersistEvent(ISlicerEvent e)
    {
        _persistsInFlight++;
        PersistAsync(e, _ => AfterWrite());
    }

    /// <summary>Called by every persist handler once the event's effect is in the state.</summary>
    private void AfterWrite()
    {
        _persistsInFlight--;
        if (_stopWhenWritten && _persistsInFlight == 0)
        {
            Context.Stop(Self);
            return;
        }
        _eventsSinceSnapshot++;
        // a snapshot must equal the journal: nothing applied-but-unwritten, nothing written-but-unapplied
        if (_eventsSinceSnapshot < _settings.SnapshotEvery || _persistsInFlight > 0 || _dispatchBuffer.Count > 0
            || _completeBuffer.Count > 0 || _failBuffer.Count > 0) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot());
    }

    private SlicerStatus Status() => new(_state.ExId, _state.SlicerId, _state.Phase, _state.Counters, _state.Error,
        AwaitingRecovery: _state.Phase != SlicerPhase.New && !_state.IsTerminal && !_state.RecoveryStarted && RecoversFrom is not null);

    private void PushStatus()
    {
        _statusDirty = false;
        _controller?.Tell(Status());
    }

    private sealed class WorkerEntry(string workerId)
    {
        public string WorkerId { get; } = workerId;
        public int Credits { get; set; }
        public HashSet<string> InFlight { get; } = new(StringComparer.Ordinal);
    }

    private sealed record SlicerOpReady(string? Error);

    private sealed record RegistryReady(OperationRegistry? Registry, string? Error);

    private sealed record Cut(IReadOnlyList<string> Requests, bool Done, string? Error);

    private sealed record Tick(string Name)
    {
        public static readonly Tick Flush = new("flush");
        public static readonly Tick Status = new("status");
        public static readonly Tick Idle = new("idle");
    }
}
