using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Executions;
using Teraslice.Akka.Protocol.Slicing;
using Teraslice.Akka.Protocol.Workers;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// Drives one living execution: moves its status (pending → scheduling → initializing →
/// running → completed | failed | stopped), starts or re-attaches its slicer entities, keeps it
/// supplied with workers (asking the master to place them), gathers the counters, writes them to
/// the execution record, and stops everything at the end. A new controller for an execution that
/// was already running (after a crash or a master move) re-attaches to the same slicers, whose
/// journals hold the slice state.
/// </summary>
public sealed class ExecutionControllerActor : ReceiveActor, IWithTimers
{
    private const string TopUpTimer = "top-up";
    private const string StatsTimer = "stats";
    private const string AttachTimer = "attach";
    private const string StopTimer = "stop-timeout";
    private const string SlicersStopTimer = "slicers-stop-timeout";
    private const string ProbationTimer = "probation";

    private readonly IStateStore _store;
    private readonly IActorRef _slicerRegion;
    private readonly ControllerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly string _exId;
    private readonly string _jobId;
    private readonly string _name;
    private readonly string _configJson;
    private readonly bool _isRecovery;
    private readonly bool _isPersistent;
    private readonly TimeSpan _probationWindow;
    private long _failuresSeen;
    private (long Failed, long Processed) _probation;
    private int _desiredWorkers;
    private readonly int _slicerCount;
    private readonly ExecutionStats _stats;
    private readonly Dictionary<int, SlicerStatus> _slicers = new();
    // the incarnation of each slicer entity that last reported, watched: a new one must be told who its controller is
    private readonly Dictionary<int, IActorRef> _slicerRefs = new();
    private readonly Dictionary<IActorRef, string> _workers = new();
    private readonly List<IActorRef> _stopReplies = [];

    private ExecutionStatus _status;
    private int _outstandingWorkers;
    private DateTime _lastWorkerRequest;
    private bool _ending;
    private bool _stopping;
    private bool _forced;
    private bool _stoppingSlicers;
    private Task _writes = Task.CompletedTask;

    public ExecutionControllerActor(JsonObject ex, IStateStore store, IActorRef slicerRegion, ControllerSettings settings)
    {
        _store = store;
        _slicerRegion = slicerRegion;
        _settings = settings;
        _exId = ex.Str("ex_id")!;
        _jobId = ex.Str("job_id")!;
        _name = ex.Str("name") ?? "";
        _status = ex.Status();
        _desiredWorkers = (int?)ex["workers"] ?? 1;
        _slicerCount = Math.Max(1, (int?)ex["slicers"] ?? 1);
        _configJson = ex.ToJsonString();
        _isRecovery = ex.Str("recovered_execution") is not null;
        _isPersistent = ex.Str("lifecycle") == "persistent";
        _probationWindow = TimeSpan.FromMilliseconds(Math.Max(100, (long?)ex["probation_window"] ?? 300_000));
        _stats = new ExecutionStats { SlicerCount = _slicerCount };
        if (ex["_slicer_stats"] is JsonObject previous && previous["started"] is JsonValue started
            && DateTime.TryParse((string?)started, null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
            _stats.Started = at;

        Receive<Begin>(_ => OnBegin());
        Receive<SlicerStatus>(OnSlicerStatus);
        Receive<WorkerJoined>(OnWorkerJoined);
        Receive<WorkersAllocated>(OnWorkersAllocated);
        Receive<WorkersRequested>(r =>
        {
            _outstandingWorkers += r.Count;
            _lastWorkerRequest = DateTime.UtcNow;
        });
        Receive<Terminated>(t =>
        {
            if (!OnSlicerGone(t.ActorRef)) OnWorkerGone(t.ActorRef);
        });
        Receive<StopCommand>(OnStop);
        Receive<PauseCommand>(_ => OnPause());
        Receive<ResumeCommand>(_ => OnResume());
        Receive<WorkersCommand>(OnWorkersCommand);
        Receive<GetStats>(_ => Sender.Tell(new ControllerStats(StatsItem())));
        Receive<Tick>(OnTick);
        Receive<Ended>(_ =>
        {
            // the final record is written: now the answer is true for anyone who reads it
            ReplyStopped();
            // stay until the master has counted the end, so a stats query never misses this execution
            Timers.StartSingleTimer("ended-ack", EndedAck.Instance, TimeSpan.FromSeconds(10));
        });
        Receive<EndedAck>(_ =>
        {
            ReplyStopped(); // the master acks only what is written; its ack may overtake Ended
            Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    internal static Props Props(JsonObject ex, IStateStore store, IActorRef slicerRegion, ControllerSettings settings) =>
        global::Akka.Actor.Props.Create(() => new ExecutionControllerActor(ex, store, slicerRegion, settings));

    protected override void PreStart() => Self.Tell(Begin.Instance);

    private void OnBegin()
    {
        _log.Info("Execution {ExId} ({Name}): controller starts in status {Status}", _exId, _name, _status.ToWire());
        AttachSlicers();
        Timers.StartPeriodicTimer(AttachTimer, Tick.Attach, _settings.SlicerAttachRetry);
        Timers.StartPeriodicTimer(StatsTimer, Tick.Stats, _settings.StatsWriteInterval);
        if (_status == ExecutionStatus.Stopping)
        {
            // the previous controller died while stopping: finish the stop
            BeginStop(force: false, _settings.DefaultStopTimeout);
            return;
        }
        if (_status.IsInit())
        {
            SetStatus(ExecutionStatus.Scheduling);
            SetStatus(ExecutionStatus.Initializing, new JsonObject
            {
                ["slicer_hostname"] = _settings.Hostname,
                ["slicer_port"] = _settings.Port,
            });
        }
        if (_status == ExecutionStatus.Paused)
        {
            // slicers forget a pause when their node restarts: say it again
            for (var i = 0; i < _slicerCount; i++) _slicerRegion.Tell(new PauseSlicer(_exId, i));
        }
        TopUpWorkers();
        Timers.StartPeriodicTimer(TopUpTimer, Tick.TopUp, _settings.TopUpInterval);
    }

    /// <summary>StartSlicer to every slicer without a known incarnation (it answers with its status).</summary>
    private void AttachSlicers()
    {
        for (var i = 0; i < _slicerCount; i++)
            if (!_slicerRefs.ContainsKey(i) && !HasEnded(i))
                _slicerRegion.Tell(new StartSlicer(_exId, i, _configJson, Self));
    }

    private bool AllAttachedOrEnded => Enumerable.Range(0, _slicerCount).All(i => _slicerRefs.ContainsKey(i) || HasEnded(i));

    private bool HasEnded(int slicerId) =>
        _slicers.TryGetValue(slicerId, out var last) && last.Phase is SlicerPhase.Finished or SlicerPhase.Errored or SlicerPhase.Stopped;

    private void WatchSlicer(int slicerId, IActorRef slicer)
    {
        if (slicer.IsNobody() || slicer.Equals(Context.System.DeadLetters)) return;
        if (_slicerRefs.TryGetValue(slicerId, out var known))
        {
            if (known.Equals(slicer)) return;
            Context.Unwatch(known);
        }
        _slicerRefs[slicerId] = slicer;
        Context.Watch(slicer);
    }

    /// <summary>
    /// A slicer entity stopped: its node died or left, or its shard moved. The shard starts it again
    /// (remembered entities) without knowing this controller, so it is attached again until it answers.
    /// </summary>
    private bool OnSlicerGone(IActorRef actor)
    {
        var gone = _slicerRefs.Where(kv => kv.Value.Equals(actor)).Select(kv => (int?)kv.Key).FirstOrDefault();
        if (gone is not { } slicerId) return false;
        _slicerRefs.Remove(slicerId);
        if (_ending || HasEnded(slicerId)) return true;
        _log.Info("Execution {ExId}: slicer {SlicerId} stopped (moved or restarted); attaching to its next incarnation", _exId, slicerId);
        AttachSlicers();
        Timers.StartPeriodicTimer(AttachTimer, Tick.Attach, _settings.SlicerAttachRetry);
        return true;
    }

    // ---- slicers

    private void OnSlicerStatus(SlicerStatus status)
    {
        _slicers[status.SlicerId] = status;
        WatchSlicer(status.SlicerId, Sender);
        _stats.Update(status.SlicerId, status.Counters);
        if (AllAttachedOrEnded) Timers.Cancel(AttachTimer);
        if (_ending) return;
        if (_stoppingSlicers)
        {
            // the final counters come with the slicers' last statuses, after the stopped workers' last completions
            if (_slicers.Count == _slicerCount && _slicers.Values.All(s => s.Phase is SlicerPhase.Stopped or SlicerPhase.Finished or SlicerPhase.Errored or SlicerPhase.New))
                End(AllFinished ? ExecutionStatus.Completed : ExecutionStatus.Stopped, null);
            return;
        }

        if (status.Phase == SlicerPhase.Errored)
        {
            End(ExecutionStatus.Failed, status.Error ?? $"slicer {status.SlicerId} of ex {_exId} had an error");
            return;
        }
        if (_slicers.Count < _slicerCount) return;
        var replaying = _isRecovery && _slicers.Values.Any(s => s.IsReplaying);
        if (_status.IsInit())
        {
            _stats.Started ??= DateTime.UtcNow;
            SetStatus(replaying ? ExecutionStatus.Recovering : ExecutionStatus.Running, new JsonObject { ["_slicer_stats"] = _stats.ToJson() });
        }
        else if (_status == ExecutionStatus.Recovering && !replaying && !AllFinished)
        {
            SetStatus(ExecutionStatus.Running);
        }
        if (_stats.Failed > _failuresSeen)
        {
            _failuresSeen = _stats.Failed;
            OnSliceFailures();
        }
        if (_stats.QueuingComplete is null && _slicers.Values.All(s => s.Phase is SlicerPhase.Exhausted or SlicerPhase.Finished))
            _stats.QueuingComplete = DateTime.UtcNow;
        if (AllFinished)
        {
            var failed = _stats.Failed;
            if (failed > 0)
                End(ExecutionStatus.Failed, $"execution: {_exId} had {failed} slice failure{(failed == 1 ? "" : "s")} during processing");
            else
                End(ExecutionStatus.Completed, null);
        }
    }

    /// <summary>
    /// Teraslice's failing: a once execution stays failing until it ends (failed); a persistent one
    /// is on probation and returns to running after a probation window with progress and no new failure.
    /// </summary>
    private void OnSliceFailures()
    {
        if (_status is not (ExecutionStatus.Running or ExecutionStatus.Recovering or ExecutionStatus.Failing)) return;
        if (_status != ExecutionStatus.Failing)
        {
            SetStatus(ExecutionStatus.Failing, new JsonObject
            {
                ["_has_errors"] = true,
                ["_failureReason"] = $"execution {_exId} has encountered a processing error, reason: " +
                                     (_isPersistent ? "slice failure watch dog" : "slice failure event"),
            });
        }
        if (_isPersistent)
        {
            _probation = (_stats.Failed, _stats.Processed);
            Timers.StartPeriodicTimer(ProbationTimer, Tick.Probation, _probationWindow);
        }
    }

    private void OnProbationTick()
    {
        if (_status != ExecutionStatus.Failing)
        {
            Timers.Cancel(ProbationTimer);
            return;
        }
        var now = (_stats.Failed, _stats.Processed);
        if (now.Failed == _probation.Failed && now.Processed > _probation.Processed)
        {
            Timers.Cancel(ProbationTimer);
            var replaying = _isRecovery && _slicers.Values.Any(s => s.IsReplaying);
            _log.Info("Execution {ExId} made progress without failures for {ProbationWindow}: back to {Status}", _exId, _probationWindow, replaying ? "recovering" : "running");
            SetStatus(replaying ? ExecutionStatus.Recovering : ExecutionStatus.Running);
            return;
        }
        _probation = now;
    }

    private bool AllFinished => _slicers.Count == _slicerCount && _slicers.Values.All(s => s.Phase == SlicerPhase.Finished);

    // ---- pause, resume, workers

    private void OnPause()
    {
        if (_status == ExecutionStatus.Paused)
        {
            Sender.Tell(StatusReply());
            return;
        }
        if (_ending || _stopping || !_status.IsRunning())
        {
            Sender.Tell(Rejection.Conflict($"Execution {_exId} is not available to pause"));
            return;
        }
        for (var i = 0; i < _slicerCount; i++) _slicerRegion.Tell(new PauseSlicer(_exId, i));
        SetStatus(ExecutionStatus.Paused);
        Sender.Tell(StatusReply());
    }

    private void OnResume()
    {
        if (_ending || _stopping || !_status.IsRunning())
        {
            Sender.Tell(Rejection.Conflict($"Execution {_exId} is not available to resume"));
            return;
        }
        for (var i = 0; i < _slicerCount; i++) _slicerRegion.Tell(new ResumeSlicer(_exId, i));
        // Teraslice answers running even when it was failing or recovering before the pause
        SetStatus(ExecutionStatus.Running);
        Sender.Tell(StatusReply());
    }

    private JsonReply StatusReply() => new(new JsonObject { ["status"] = _status.ToWire() }.ToJsonString());

    private void OnWorkersCommand(WorkersCommand command)
    {
        if (_ending || _stopping)
        {
            Sender.Tell(Rejection.NotFound($"no active execution context was found for ex_id: {_exId}"));
            return;
        }
        var current = _desiredWorkers;
        var (change, count) = command.Change switch
        {
            WorkerChange.Total when command.Count >= current => (WorkerChange.Add, command.Count - current),
            WorkerChange.Total => (WorkerChange.Remove, current - command.Count),
            _ => (command.Change, command.Count),
        };
        if (change == WorkerChange.Remove && count >= current)
        {
            Sender.Tell(Rejection.BadRequest($"workers to be removed: {count} cannot be >= to current workers: {current}"));
            return;
        }
        string action;
        if (change == WorkerChange.Add)
        {
            _desiredWorkers += count;
            action = command.Change == WorkerChange.Total && count == 0 ? "set" : "enqueued";
            TopUpWorkers();
        }
        else
        {
            _desiredWorkers -= count;
            action = "remove";
            // a worker that stops gracefully finishes the slice at hand and hands back the rest
            foreach (var worker in _workers.Keys.Take(count).ToList())
            {
                worker.Tell(new StopWorker(_exId, Graceful: true));
                _workers.Remove(worker);
                Context.Unwatch(worker);
            }
            _stats.WorkersAlive = _workers.Count;
        }
        // the new count outlives this controller (a master that restarts reads it)
        Write(new JsonObject { ["workers"] = _desiredWorkers, ["_updated"] = Documents.Now() });
        _log.Info("Execution {ExId}: workers {From} → {To}", _exId, current, _desiredWorkers);
        Sender.Tell(new JsonReply(new JsonObject { ["message"] = $"{count} workers have been {action} for execution: {_exId}" }.ToJsonString()));
    }

    // ---- workers

    private void TopUpWorkers()
    {
        if (_ending || _stopping) return;
        if (_outstandingWorkers > 0 && DateTime.UtcNow - _lastWorkerRequest > _settings.WorkerRequestTimeout)
        {
            _log.Info("Execution {ExId}: {Count} requested worker(s) never joined; asking again", _exId, _outstandingWorkers);
            _outstandingWorkers = 0;
        }
        var missing = _desiredWorkers - _workers.Count - _outstandingWorkers;
        if (missing > 0) Context.Parent.Tell(new RequestWorkers(_exId, _jobId, _configJson, missing));
    }

    private void OnWorkersAllocated(WorkersAllocated allocated)
    {
        // the agent could start fewer than asked: those will not join
        _outstandingWorkers = Math.Max(0, _outstandingWorkers - (allocated.Requested - allocated.WorkerIds.Count));
    }

    private void OnWorkerJoined(WorkerJoined joined)
    {
        if (_workers.ContainsKey(Sender)) return;
        _outstandingWorkers = Math.Max(0, _outstandingWorkers - 1);
        if (_ending || _stopping || _workers.Count >= _desiredWorkers)
        {
            Sender.Tell(new StopWorker(_exId, Graceful: false));
            return;
        }
        _workers[Sender] = joined.WorkerId;
        Context.Watch(Sender);
        _stats.WorkersJoined++;
        _stats.WorkersAlive = _workers.Count;
    }

    private void OnWorkerGone(IActorRef worker)
    {
        if (!_workers.Remove(worker, out var workerId)) return;
        _stats.WorkersAlive = _workers.Count;
        if (_stopping)
        {
            if (_workers.Count == 0) FinishStop();
            return;
        }
        if (_ending) return;
        _stats.WorkersDisconnected++;
        _log.Info("Execution {ExId}: worker {WorkerId} left; {Remaining} of {DesiredWorkers} remain", _exId, workerId, _workers.Count, _desiredWorkers);
        TopUpWorkers();
    }

    // ---- stopping

    private void OnStop(StopCommand stop)
    {
        if (stop.ReplyTo is not null) _stopReplies.Add(stop.ReplyTo);
        _forced |= stop.Force;
        if (_ending || _stopping) return; // answered when the final record is written
        BeginStop(stop.Force, stop.Timeout);
    }

    private void BeginStop(bool force, TimeSpan timeout)
    {
        _stopping = true;
        Timers.Cancel(TopUpTimer);
        SetStatus(ExecutionStatus.Stopping);
        for (var i = 0; i < _slicerCount; i++) _slicerRegion.Tell(new PauseSlicer(_exId, i));
        if (_workers.Count == 0)
        {
            FinishStop();
            return;
        }
        foreach (var worker in _workers.Keys) worker.Tell(new StopWorker(_exId, Graceful: !force));
        Timers.StartSingleTimer(StopTimer, Tick.StopTimeout, force ? TimeSpan.FromSeconds(2) : timeout);
    }

    /// <summary>The workers are gone: stop the slicers and end when they say they stopped (or after a while).</summary>
    private void FinishStop()
    {
        if (_ending || _stoppingSlicers) return;
        Timers.Cancel(StopTimer);
        _stoppingSlicers = true;
        for (var i = 0; i < _slicerCount; i++) _slicerRegion.Tell(new StopSlicer(_exId, i));
        Timers.StartSingleTimer(SlicersStopTimer, Tick.SlicersStopTimeout, TimeSpan.FromSeconds(15));
    }

    private void ReplyStopped()
    {
        var body = new JsonObject();
        if (_forced) body["message"] = $"Force stop complete for exId {_exId}";
        body["status"] = _status.ToWire();
        var reply = new JsonReply(body.ToJsonString());
        foreach (var replyTo in _stopReplies) replyTo.Tell(reply);
        _stopReplies.Clear();
    }

    // ---- the end

    private void End(ExecutionStatus status, string? failureReason)
    {
        _ending = true;
        Timers.CancelAll();
        _stats.Finished = DateTime.UtcNow;
        foreach (var worker in _workers.Keys) worker.Tell(new StopWorker(_exId, Graceful: true));
        if (!_stoppingSlicers) for (var i = 0; i < _slicerCount; i++) _slicerRegion.Tell(new StopSlicer(_exId, i));
        var patch = new JsonObject { ["_slicer_stats"] = _stats.ToJson() };
        if (failureReason is not null)
        {
            patch["_has_errors"] = true;
            patch["_failureReason"] = failureReason;
        }
        SetStatus(status, patch);
        _log.Info("Execution {ExId} ({Name}) ended {Status}: {Processed} slice(s) processed, {Failed} failed{Detail}", _exId, _name, status.ToWire(),
            _stats.Processed, _stats.Failed, failureReason is null ? "" : " - " + failureReason);
        var self = Self;
        var parent = Context.Parent;
        var finalStats = StatsItem();
        var exId = _exId;
        _writes.ContinueWith(_ =>
        {
            parent.Tell(new ExecutionEnded(exId, status, finalStats), self);
            return (object)Ended.Instance;
        }, TaskScheduler.Default).PipeTo(self);
    }

    // ---- ticks, stats, status

    private void OnTick(Tick tick)
    {
        if (tick == Tick.TopUp) TopUpWorkers();
        else if (tick == Tick.Attach)
        {
            if (AllAttachedOrEnded) Timers.Cancel(AttachTimer);
            else AttachSlicers();
        }
        else if (tick == Tick.StopTimeout)
        {
            _log.Warning("Execution {ExId}: {Count} worker(s) did not stop in time; stopping without them", _exId, _workers.Count);
            foreach (var worker in _workers.Keys) worker.Tell(new StopWorker(_exId, Graceful: false));
            FinishStop();
        }
        else if (tick == Tick.Probation && !_ending && !_stopping)
        {
            OnProbationTick();
        }
        else if (tick == Tick.SlicersStopTimeout && !_ending)
        {
            _log.Warning("Execution {ExId}: its slicers did not confirm the stop in time; ending with the counters known", _exId);
            End(ExecutionStatus.Stopped, null);
        }
        else if (tick == Tick.Stats && !_ending && _status.IsRunning())
        {
            Write(new JsonObject { ["_slicer_stats"] = _stats.ToJson(), ["_updated"] = Documents.Now() });
        }
    }

    private JsonObject StatsItem()
    {
        var item = new JsonObject { ["ex_id"] = _exId, ["job_id"] = _jobId, ["name"] = _name };
        foreach (var (key, value) in _stats.ToJson()) item[key] = value?.DeepClone();
        return item;
    }

    private void SetStatus(ExecutionStatus status, JsonObject? extra = null)
    {
        var problem = ExecutionStatuses.CheckTransition(_status, status);
        if (problem is not null)
        {
            _log.Warning("Execution {ExId}: {Problem}", _exId, problem);
            return;
        }
        _status = status;
        var patch = Documents.StatusPatch(status);
        if (extra is not null)
            foreach (var (key, value) in extra) patch[key] = value?.DeepClone();
        Write(patch);
    }

    /// <summary>Writes are chained so they land in the order they were made, without blocking the actor.</summary>
    private void Write(JsonObject patch)
    {
        var log = _log;
        var exId = _exId;
        var store = _store;
        _writes = _writes.ContinueWith(async _ =>
        {
            try
            {
                await store.PatchExecutionAsync(exId, patch);
            }
            catch (Exception e)
            {
                log.Error(e, "Execution {ExId}: could not write its record", exId);
            }
        }, TaskScheduler.Default).Unwrap();
    }

    private sealed record Begin
    {
        public static readonly Begin Instance = new();
    }

    private sealed record Ended
    {
        public static readonly Ended Instance = new();
    }

    private sealed record Tick(string Name)
    {
        public static readonly Tick TopUp = new("top-up");
        public static readonly Tick Stats = new("stats");
        public static readonly Tick Attach = new("attach");
        public static readonly Tick StopTimeout = new("stop-timeout");
        public static readonly Tick SlicersStopTimeout = new("slicers-stop-timeout");
        public static readonly Tick Probation = new("probation");
    }
}
