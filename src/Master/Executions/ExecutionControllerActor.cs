using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Teraslice.Akka.Master.Commands;
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
/// Its behaviours are its states: <see cref="Running"/> → (a stop) <see cref="StoppingWorkers"/>
/// → <see cref="StoppingSlicers"/> → <see cref="Ending"/>; an execution that finishes or fails
/// goes to <see cref="Ending"/> from wherever it is.
/// </summary>
public sealed class ExecutionControllerActor : ReceiveActor, IWithTimers
{
    private const string TopUpTimer = "top-up";
    private const string StatsTimer = "stats";
    private const string AttachTimer = "attach";
    private const string StopTimer = "stop-timeout";
    private const string SlicersStopTimer = "slicers-stop-timeout";
    private const string ProbationTimer = "probation";

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
    private readonly ExecutionStats _stats;
    private readonly ControllerSlicers _slicers;
    private readonly ControllerWorkers _workers;
    private readonly ExecutionRecordWriter _record;
    private readonly List<IActorRef> _stopReplies = [];
    private long _failuresSeen;
    private (long Failed, long Processed) _probation;
    private bool _forced;

    public ExecutionControllerActor(JsonObject ex, IStateStore store, IActorRef slicerRegion, ControllerSettings settings)
    {
        _slicerRegion = slicerRegion;
        _settings = settings;
        _exId = ex.Str("ex_id")!;
        _jobId = ex.Str("job_id")!;
        _name = ex.Str("name") ?? "";
        _configJson = ex.ToJsonString();
        _isRecovery = ex.Str("recovered_execution") is not null;
        _isPersistent = ex.Str("lifecycle") == "persistent";
        _probationWindow = TimeSpan.FromMilliseconds(Math.Max(100, (long?)ex["probation_window"] ?? 300_000));
        _slicers = new ControllerSlicers(Math.Max(1, (int?)ex["slicers"] ?? 1));
        _workers = new ControllerWorkers((int?)ex["workers"] ?? 1, settings.WorkerRequestTimeout);
        _record = new ExecutionRecordWriter(store, _exId, ex.Status(), _log);
        _stats = new ExecutionStats { SlicerCount = _slicers.Count };
        if (ex["_slicer_stats"] is JsonObject previous && previous["started"] is JsonValue started
            && DateTime.TryParse((string?)started, null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
            _stats.Started = at;
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    internal static Props Props(JsonObject ex, IStateStore store, IActorRef slicerRegion, ControllerSettings settings) =>
        global::Akka.Actor.Props.Create(() => new ExecutionControllerActor(ex, store, slicerRegion, settings));

    private ExecutionStatus Status => _record.Status;

    protected override void PreStart() => Self.Tell(Begin.Instance);

    // ---- states

    /// <summary>Slicing and processing: workers are kept topped up, pause/resume/workers are served.</summary>
    private void Running()
    {
        Receive<Begin>(_ => OnBegin());
        Receive<SlicerStatus>(status => OnSlicerProgress(Track(status)));
        Receive<WorkerJoined>(joined => OnWorkerJoined(joined, accepting: true));
        Receive<Terminated>(t => OnTerminated(t.ActorRef, () =>
        {
            _stats.WorkersDisconnected++;
            TopUpWorkers();
        }));
        Receive<StopCommand>(stop =>
        {
            OnStopAsked(stop);
            BeginStop(stop.Force, stop.Timeout);
        });
        Receive<PauseCommand>(_ => OnPauseOrResume(pause: true));
        Receive<ResumeCommand>(_ => OnPauseOrResume(pause: false));
        Receive<WorkersCommand>(OnWorkersCommand);
        Receive<Tick>(tick => tick == Tick.TopUp, _ => TopUpWorkers());
        Receive<Tick>(tick => tick == Tick.Probation, _ => OnProbationTick());
        Receive<Tick>(tick => tick == Tick.Stats, _ => WriteStats());
        Common();
    }

    /// <summary>A stop: the slicers are paused, the workers finish their slice (or not, forced) and leave.</summary>
    private void StoppingWorkers()
    {
        Receive<SlicerStatus>(status => OnSlicerProgress(Track(status)));
        Stopping(whenWorkersGone: FinishStop);
        Receive<Tick>(tick => tick == Tick.StopTimeout, _ =>
        {
            _log.Warning("Execution {ExId}: {Count} worker(s) did not stop in time; stopping without them", _exId, _workers.Count);
            foreach (var worker in _workers.All) worker.Tell(new StopWorker(_exId, Graceful: false));
            FinishStop();
        });
        Receive<Tick>(tick => tick == Tick.Stats, _ => WriteStats());
        Common();
    }

    /// <summary>The workers are gone: the slicers stop, and their last statuses bring the final counters.</summary>
    private void StoppingSlicers()
    {
        Receive<SlicerStatus>(status =>
        {
            Track(status);
            // the final counters come with the slicers' last statuses, after the stopped workers' last completions
            if (_slicers.AllStopped) End(_slicers.AllFinished ? ExecutionStatus.Completed : ExecutionStatus.Stopped, null, slicersStopped: true);
        });
        Stopping(whenWorkersGone: () => { });
        Receive<Tick>(tick => tick == Tick.SlicersStopTimeout, _ =>
        {
            _log.Warning("Execution {ExId}: its slicers did not confirm the stop in time; ending with the counters known", _exId);
            End(ExecutionStatus.Stopped, null, slicersStopped: true);
        });
        Receive<Tick>(tick => tick == Tick.Stats, _ => WriteStats());
        Common();
    }

    /// <summary>The final record is being written; the stop waiters are answered once it is, and the master acks the end.</summary>
    private void Ending()
    {
        Receive<SlicerStatus>(status => Track(status));
        Receive<WorkerJoined>(joined => OnWorkerJoined(joined, accepting: false));
        Receive<Terminated>(t =>
        {
            if (_slicers.Gone(t.ActorRef) is null && _workers.Leave(t.ActorRef) is not null) _stats.WorkersAlive = _workers.Count;
        });
        Receive<StopCommand>(OnStopAsked); // answered when the final record is written
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
        NotAvailable();
        Common();
    }

    /// <summary>What both stopping states do: no new workers, no pause/resume/workers, the stop waiters wait.</summary>
    private void Stopping(Action whenWorkersGone)
    {
        Receive<WorkerJoined>(joined => OnWorkerJoined(joined, accepting: false));
        Receive<Terminated>(t => OnTerminated(t.ActorRef, () =>
        {
            if (_workers.Count == 0) whenWorkersGone();
        }));
        Receive<StopCommand>(OnStopAsked);
        NotAvailable();
    }

    private void NotAvailable()
    {
        Receive<PauseCommand>(_ => Sender.Tell(Rejections.NotAvailableTo(_exId, "pause")));
        Receive<ResumeCommand>(_ => Sender.Tell(Rejections.NotAvailableTo(_exId, "resume")));
        Receive<WorkersCommand>(_ => Sender.Tell(Rejections.NoActiveExecution(_exId)));
    }

    /// <summary>What every state does.</summary>
    private void Common()
    {
        Receive<WorkersAllocated>(_workers.Allocated);
        Receive<WorkersRequested>(r => _workers.Requested(r.Count, DateTime.UtcNow));
        Receive<GetStats>(_ => Sender.Tell(new ControllerStats(StatsItem())));
        Receive<Tick>(tick => tick == Tick.Attach, _ =>
        {
            if (_slicers.AllAttachedOrEnded) Timers.Cancel(AttachTimer);
            else AttachSlicers();
        });
        Receive<Tick>(_ => { }); // a timer of another state that fired before it was cancelled
    }

    // ---- starting and attaching slicers

    private void OnBegin()
    {
        _log.Info("Execution {ExId} ({Name}): controller starts in status {Status}", _exId, _name, Status.ToWire());
        AttachSlicers();
        Timers.StartPeriodicTimer(AttachTimer, Tick.Attach, _settings.SlicerAttachRetry);
        Timers.StartPeriodicTimer(StatsTimer, Tick.Stats, _settings.StatsWriteInterval);
        if (Status == ExecutionStatus.Stopping)
        {
            // the previous controller died while stopping: finish the stop
            BeginStop(force: false, _settings.DefaultStopTimeout);
            return;
        }
        if (Status.IsInit())
        {
            _record.SetStatus(ExecutionStatus.Scheduling);
            _record.SetStatus(ExecutionStatus.Initializing, new JsonObject
            {
                ["slicer_hostname"] = _settings.Hostname,
                ["slicer_port"] = _settings.Port,
            });
        }
        // slicers forget a pause when their node restarts: say it again
        if (Status == ExecutionStatus.Paused) TellSlicers(i => new PauseSlicer(_exId, i));
        TopUpWorkers();
        Timers.StartPeriodicTimer(TopUpTimer, Tick.TopUp, _settings.TopUpInterval);
    }

    /// <summary>StartSlicer to every slicer without a known incarnation (it answers with its status).</summary>
    private void AttachSlicers()
    {
        foreach (var i in _slicers.Unattached) _slicerRegion.Tell(new StartSlicer(_exId, i, _configJson, Self));
    }

    private void TellSlicers(Func<int, object> message)
    {
        for (var i = 0; i < _slicers.Count; i++) _slicerRegion.Tell(message(i));
    }

    private SlicerStatus Track(SlicerStatus status)
    {
        var (watch, unwatch) = _slicers.Reported(status, Sender, Context.System.DeadLetters);
        if (unwatch is not null) Context.Unwatch(unwatch);
        if (watch is not null) Context.Watch(watch);
        _stats.Update(status.SlicerId, status.Counters);
        if (_slicers.AllAttachedOrEnded) Timers.Cancel(AttachTimer);
        return status;
    }

    /// <summary>
    /// A slicer entity stopped (its node died or left, or its shard moved: the shard starts it again
    /// without knowing this controller, so it is attached again until it answers), or a worker left.
    /// </summary>
    private void OnTerminated(IActorRef actor, Action workerLeft)
    {
        if (_slicers.Gone(actor) is { } slicerId)
        {
            if (_slicers.HasEnded(slicerId)) return;
            _log.Info("Execution {ExId}: slicer {SlicerId} stopped (moved or restarted); attaching to its next incarnation", _exId, slicerId);
            AttachSlicers();
            Timers.StartPeriodicTimer(AttachTimer, Tick.Attach, _settings.SlicerAttachRetry);
            return;
        }
        if (_workers.Leave(actor) is not { } workerId) return;
        _stats.WorkersAlive = _workers.Count;
        _log.Info("Execution {ExId}: worker {WorkerId} left; {Remaining} of {DesiredWorkers} remain", _exId, workerId, _workers.Count, _workers.Desired);
        workerLeft();
    }

    // ---- progress

    private void OnSlicerProgress(SlicerStatus status)
    {
        var replaying = _isRecovery && _slicers.AnyReplaying;
        var step = ExecutionProgress.Next(new SlicerProgress(Status, _slicers.AllReported, _slicers.AllFinished, replaying,
            status.Phase == SlicerPhase.Errored ? status : null, _stats.Failed, _failuresSeen), _exId);
        foreach (var move in step.Moves)
        {
            if (Status.IsInit()) _stats.Started ??= DateTime.UtcNow;
            _record.SetStatus(move, Status.IsInit() ? new JsonObject { ["_slicer_stats"] = _stats.ToJson() } : null);
        }
        if (step.NewFailures)
        {
            _failuresSeen = _stats.Failed;
            OnSliceFailures();
        }
        if (_stats.QueuingComplete is null && _slicers.AllExhausted) _stats.QueuingComplete = DateTime.UtcNow;
        if (step.End is var (endStatus, reason)) End(endStatus, reason);
    }

    private void OnSliceFailures()
    {
        if (Status is not (ExecutionStatus.Running or ExecutionStatus.Recovering or ExecutionStatus.Failing)) return;
        if (ExecutionProgress.FailingReason(Status, _isPersistent, _exId) is { } reason)
            _record.SetStatus(ExecutionStatus.Failing, new JsonObject { ["_has_errors"] = true, ["_failureReason"] = reason });
        if (!_isPersistent) return;
        _probation = (_stats.Failed, _stats.Processed);
        Timers.StartPeriodicTimer(ProbationTimer, Tick.Probation, _probationWindow);
    }

    private void OnProbationTick()
    {
        var now = (_stats.Failed, _stats.Processed);
        if (Status != ExecutionStatus.Failing)
        {
            Timers.Cancel(ProbationTimer);
            return;
        }
        if (ExecutionProgress.AfterProbation(Status, _probation, now, _isRecovery && _slicers.AnyReplaying) is not { } back)
        {
            _probation = now;
            return;
        }
        Timers.Cancel(ProbationTimer);
        _log.Info("Execution {ExId} made progress without failures for {ProbationWindow}: back to {Status}", _exId, _probationWindow, back.ToWire());
        _record.SetStatus(back);
    }

    // ---- pause, resume, workers (running only)

    /// <summary>Pause stops slicing and dispatching (in-flight slices finish); resume answers running even when it was failing or recovering before.</summary>
    private void OnPauseOrResume(bool pause)
    {
        if (pause && Status == ExecutionStatus.Paused)
        {
            Sender.Tell(StatusReply());
            return;
        }
        if (!Status.IsRunning())
        {
            Sender.Tell(Rejections.NotAvailableTo(_exId, pause ? "pause" : "resume"));
            return;
        }
        TellSlicers(i => pause ? new PauseSlicer(_exId, i) : new ResumeSlicer(_exId, i));
        _record.SetStatus(pause ? ExecutionStatus.Paused : ExecutionStatus.Running);
        Sender.Tell(StatusReply());
    }

    private JsonReply StatusReply() => JsonReplies.Of(new JsonObject { ["status"] = Status.ToWire() });

    private void OnWorkersCommand(WorkersCommand command)
    {
        var current = _workers.Desired;
        var (decided, problem) = WorkerCount.Decide(current, command.Change, command.Count);
        if (problem is not null)
        {
            Sender.Tell(problem);
            return;
        }
        _workers.Desired = decided!.Desired;
        if (decided.Change == WorkerChange.Add)
        {
            TopUpWorkers();
        }
        else
        {
            // a worker that stops gracefully finishes the slice at hand and hands back the rest
            foreach (var worker in _workers.TakeOut(decided.Count))
            {
                worker.Tell(new StopWorker(_exId, Graceful: true));
                Context.Unwatch(worker);
            }
            _stats.WorkersAlive = _workers.Count;
        }
        // the new count outlives this controller (a master that restarts reads it)
        _record.Write(new JsonObject { ["workers"] = _workers.Desired, ["_updated"] = Documents.Now() });
        _log.Info("Execution {ExId}: workers {From} → {To}", _exId, current, _workers.Desired);
        Sender.Tell(JsonReplies.Of(new JsonObject { ["message"] = decided.Message(_exId) }));
    }

    private void TopUpWorkers()
    {
        var missing = _workers.Missing(DateTime.UtcNow, out var expired);
        if (expired > 0) _log.Info("Execution {ExId}: {Count} requested worker(s) never joined; asking again", _exId, expired);
        if (missing > 0) Context.Parent.Tell(new RequestWorkers(_exId, _jobId, _configJson, missing));
    }

    private void OnWorkerJoined(WorkerJoined joined, bool accepting)
    {
        if (_workers.Has(Sender)) return;
        if (!_workers.Join(Sender, joined.WorkerId, accepting))
        {
            Sender.Tell(new StopWorker(_exId, Graceful: false));
            return;
        }
        Context.Watch(Sender);
        _stats.WorkersJoined++;
        _stats.WorkersAlive = _workers.Count;
    }

    // ---- stopping and the end

    private void OnStopAsked(StopCommand stop)
    {
        if (stop.ReplyTo is not null) _stopReplies.Add(stop.ReplyTo);
        _forced |= stop.Force;
    }

    private void BeginStop(bool force, TimeSpan timeout)
    {
        Become(StoppingWorkers);
        Timers.Cancel(TopUpTimer);
        Timers.Cancel(ProbationTimer);
        _record.SetStatus(ExecutionStatus.Stopping);
        TellSlicers(i => new PauseSlicer(_exId, i));
        if (_workers.Count == 0)
        {
            FinishStop();
            return;
        }
        foreach (var worker in _workers.All) worker.Tell(new StopWorker(_exId, Graceful: !force));
        Timers.StartSingleTimer(StopTimer, Tick.StopTimeout, force ? TimeSpan.FromSeconds(2) : timeout);
    }

    /// <summary>The workers are gone: stop the slicers and end when they say they stopped (or after a while).</summary>
    private void FinishStop()
    {
        Become(StoppingSlicers);
        Timers.Cancel(StopTimer);
        TellSlicers(i => new StopSlicer(_exId, i));
        Timers.StartSingleTimer(SlicersStopTimer, Tick.SlicersStopTimeout, TimeSpan.FromSeconds(15));
    }

    /// <param name="slicersStopped">The slicers were told to stop already (a stop's end).</param>
    private void End(ExecutionStatus status, string? failureReason, bool slicersStopped = false)
    {
        Become(Ending);
        Timers.CancelAll();
        _stats.Finished = DateTime.UtcNow;
        foreach (var worker in _workers.All) worker.Tell(new StopWorker(_exId, Graceful: true));
        if (!slicersStopped) TellSlicers(i => new StopSlicer(_exId, i));
        var patch = new JsonObject { ["_slicer_stats"] = _stats.ToJson() };
        if (failureReason is not null)
        {
            patch["_has_errors"] = true;
            patch["_failureReason"] = failureReason;
        }
        _record.SetStatus(status, patch);
        _log.Info("Execution {ExId} ({Name}) ended {Status}: {Processed} slice(s) processed, {Failed} failed{Detail}", _exId, _name, status.ToWire(),
            _stats.Processed, _stats.Failed, failureReason is null ? "" : " - " + failureReason);
        var (self, parent, finalStats, exId) = (Self, Context.Parent, StatsItem(), _exId);
        _record.Written.ContinueWith(_ =>
        {
            parent.Tell(new ExecutionEnded(exId, status, finalStats), self);
            return (object)Ended.Instance;
        }, TaskScheduler.Default).PipeTo(self);
    }

    private void ReplyStopped()
    {
        var body = new JsonObject();
        if (_forced) body["message"] = $"Force stop complete for exId {_exId}";
        body["status"] = Status.ToWire();
        var reply = JsonReplies.Of(body);
        foreach (var replyTo in _stopReplies) replyTo.Tell(reply);
        _stopReplies.Clear();
    }

    // ---- stats

    private void WriteStats()
    {
        if (Status.IsRunning()) _record.Write(new JsonObject { ["_slicer_stats"] = _stats.ToJson(), ["_updated"] = Documents.Now() });
    }

    private JsonObject StatsItem()
    {
        var item = new JsonObject { ["ex_id"] = _exId, ["job_id"] = _jobId, ["name"] = _name };
        foreach (var (key, value) in _stats.ToJson()) item[key] = value?.DeepClone();
        return item;
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
