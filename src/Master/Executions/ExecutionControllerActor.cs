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
    private readonly ControllerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ExecutionRecord _ex;
    private readonly string _exId;
    private readonly ExecutionStats _stats;
    private readonly ControllerSlicers _slicers;
    private readonly ControllerWorkers _workers;
    private readonly ExecutionRecordWriter _record;
    private readonly StopWaiters _stopWaiters;
    private readonly StatusDriver _progress;

    public ExecutionControllerActor(ExecutionRecord ex, IStateStore store, IActorRef slicerRegion, ControllerSettings settings)
    {
        _settings = settings;
        _ex = ex;
        _exId = ex.ExId;
        _slicers = new ControllerSlicers(ex.Slicers, slicerRegion);
        _workers = new ControllerWorkers(ex.Workers, settings.WorkerRequestTimeout);
        _record = new ExecutionRecordWriter(store, _exId, ex.JobId, ex.Status, _log);
        _stats = new ExecutionStats { SlicerCount = _slicers.Count, Started = ex.Started, WorkersAlive = () => _workers.Count };
        _stopWaiters = new StopWaiters(_exId);
        _progress = new StatusDriver(ex, _record, _stats, _slicers, _log);
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    internal static Props Props(ExecutionRecord ex, IStateStore store, IActorRef slicerRegion, ControllerSettings settings) =>
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
            _stopWaiters.Add(stop);
            BeginStop(stop.Force, stop.Timeout);
        });
        Receive<PauseCommand>(_ => OnPauseOrResume(pause: true));
        Receive<ResumeCommand>(_ => OnPauseOrResume(pause: false));
        Receive<WorkersCommand>(OnWorkersCommand);
        Receive<Tick>(tick => tick == Tick.TopUp, _ => TopUpWorkers());
        Receive<Tick>(tick => tick == Tick.Probation, _ =>
        {
            if (_progress.OnProbationWindow()) Timers.Cancel(Tick.Probation);
        });
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
            _workers.StopAll(_exId, graceful: false);
            FinishStop();
        });
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
        Common();
    }

    /// <summary>The final record is being written; the stop waiters are answered once it is, and the master acks the end.</summary>
    private void Ending()
    {
        Receive<SlicerStatus>(status => Track(status));
        Receive<WorkerJoined>(joined => OnWorkerJoined(joined, accepting: false));
        Receive<Terminated>(t =>
        {
            if (_slicers.Gone(t.ActorRef) is null) _workers.Leave(t.ActorRef);
        });
        Receive<StopCommand>(_stopWaiters.Add); // answered when the final record is written
        Receive<Ended>(_ =>
        {
            // the final record is written: now the answer is true for anyone who reads it
            _stopWaiters.Answer(Status);
            // stay until the master has counted the end, so a stats query never misses this execution
            Timers.StartSingleTimer("ended-ack", EndedAck.Instance, TimeSpan.FromSeconds(10));
        });
        Receive<EndedAck>(_ =>
        {
            _stopWaiters.Answer(Status); // the master acks only what is written; its ack may overtake Ended
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
        Receive<StopCommand>(_stopWaiters.Add);
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
        Receive<GetStats>(_ => Sender.Tell(new ControllerStats(_stats.ToItem(_ex))));
        Receive<Tick>(tick => tick == Tick.Stats, _ => WriteStats());
        Receive<Tick>(tick => tick == Tick.Attach, _ =>
        {
            if (_slicers.AllAttachedOrEnded) Timers.Cancel(Tick.Attach);
            else AttachSlicers();
        });
        Receive<Tick>(_ => { }); // a timer of another state that fired before it was cancelled
    }

    // ---- starting and attaching slicers

    private void OnBegin()
    {
        _log.Info("Execution {ExId} ({Name}): controller starts in status {Status}", _exId, _ex.Name, Status.ToWire());
        AttachSlicers();
        Timers.StartPeriodicTimer(Tick.Attach, Tick.Attach, _settings.SlicerAttachRetry);
        Timers.StartPeriodicTimer(Tick.Stats, Tick.Stats, _settings.StatsWriteInterval);
        if (Status == ExecutionStatus.Stopping)
        {
            // the previous controller died while stopping: finish the stop
            BeginStop(force: false, _settings.DefaultStopTimeout);
            return;
        }
        if (Status.IsInit()) _record.SetInitializing(_settings.Hostname, _settings.Port);
        // slicers forget a pause when their node restarts: say it again
        if (Status == ExecutionStatus.Paused) _slicers.TellAll(i => new PauseSlicer(_exId, i));
        TopUpWorkers();
        Timers.StartPeriodicTimer(Tick.TopUp, Tick.TopUp, _settings.TopUpInterval);
    }

    private void AttachSlicers() => _slicers.Attach(i => new StartSlicer(_exId, i, _ex, Self));

    private SlicerStatus Track(SlicerStatus status)
    {
        var (watch, unwatch) = _slicers.Reported(status, Sender, Context.System.DeadLetters);
        if (unwatch is not null) Context.Unwatch(unwatch);
        if (watch is not null) Context.Watch(watch);
        _stats.Update(status.SlicerId, status.Counters);
        if (_slicers.AllAttachedOrEnded) Timers.Cancel(Tick.Attach);
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
            Timers.StartPeriodicTimer(Tick.Attach, Tick.Attach, _settings.SlicerAttachRetry);
            return;
        }
        if (_workers.Leave(actor) is not { } workerId) return;
        _log.Info("Execution {ExId}: worker {WorkerId} left; {Remaining} of {DesiredWorkers} remain", _exId, workerId, _workers.Count, _workers.Desired);
        workerLeft();
    }

    // ---- progress

    private void OnSlicerProgress(SlicerStatus status)
    {
        var (end, probationStarts) = _progress.OnProgress(status);
        if (probationStarts) Timers.StartPeriodicTimer(Tick.Probation, Tick.Probation, _ex.ProbationWindow);
        if (end is var (endStatus, reason)) End(endStatus, reason);
    }

    // ---- pause, resume, workers (running only)

    /// <summary>Pause stops slicing and dispatching (in-flight slices finish); resume answers running even when it was failing or recovering before.</summary>
    private void OnPauseOrResume(bool pause)
    {
        var pausedAlready = pause && Status == ExecutionStatus.Paused;
        if (!pausedAlready && !Status.IsRunning())
        {
            Sender.Tell(Rejections.NotAvailableTo(_exId, pause ? "pause" : "resume"));
            return;
        }
        if (!pausedAlready)
        {
            _slicers.TellAll(i => pause ? new PauseSlicer(_exId, i) : new ResumeSlicer(_exId, i));
            _record.SetStatus(pause ? ExecutionStatus.Paused : ExecutionStatus.Running);
        }
        _record.AnswerWhenWritten(Sender, JsonReplies.Of(new JsonObject { ["status"] = Status.ToWire() }));
    }

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
        if (decided.Change == WorkerChange.Add) TopUpWorkers();
        else foreach (var worker in _workers.Retire(_exId, decided.Count)) Context.Unwatch(worker);
        _record.WriteWorkers(_workers.Desired);
        _log.Info("Execution {ExId}: workers {From} → {To}", _exId, current, _workers.Desired);
        _record.AnswerWhenWritten(Sender, JsonReplies.Of(new JsonObject { ["message"] = decided.Message(_exId) }));
    }

    private void TopUpWorkers()
    {
        var missing = _workers.Missing(DateTime.UtcNow, out var expired);
        if (expired > 0) _log.Info("Execution {ExId}: {Count} requested worker(s) never joined; asking again", _exId, expired);
        if (missing > 0) Context.Parent.Tell(new RequestWorkers(_ex, missing));
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
    }

    // ---- stopping and the end

    private void BeginStop(bool force, TimeSpan timeout)
    {
        Become(StoppingWorkers);
        Timers.Cancel(Tick.TopUp);
        Timers.Cancel(Tick.Probation);
        _record.SetStatus(ExecutionStatus.Stopping);
        _slicers.TellAll(i => new PauseSlicer(_exId, i));
        if (_workers.Count == 0)
        {
            FinishStop();
            return;
        }
        _workers.StopAll(_exId, graceful: !force);
        Timers.StartSingleTimer(Tick.StopTimeout, Tick.StopTimeout, force ? TimeSpan.FromSeconds(2) : timeout);
    }

    /// <summary>The workers are gone: stop the slicers and end when they say they stopped (or after a while).</summary>
    private void FinishStop()
    {
        Become(StoppingSlicers);
        Timers.Cancel(Tick.StopTimeout);
        _slicers.TellAll(i => new StopSlicer(_exId, i));
        Timers.StartSingleTimer(Tick.SlicersStopTimeout, Tick.SlicersStopTimeout, TimeSpan.FromSeconds(15));
    }

    /// <param name="slicersStopped">The slicers were told to stop already (a stop's end).</param>
    private void End(ExecutionStatus status, string? failureReason, bool slicersStopped = false)
    {
        Become(Ending);
        Timers.CancelAll();
        _stats.Finished = DateTime.UtcNow;
        _workers.StopAll(_exId, graceful: true);
        if (!slicersStopped) _slicers.TellAll(i => new StopSlicer(_exId, i));
        _record.SetEnded(status, _stats.ToJson(), failureReason);
        _log.Info("Execution {ExId} ({Name}) ended {Status}: {Processed} slice(s) processed, {Failed} failed{Detail}", _exId, _ex.Name, status.ToWire(),
            _stats.Processed, _stats.Failed, failureReason is null ? "" : " - " + failureReason);
        var (self, parent, finalStats, exId) = (Self, Context.Parent, _stats.ToItem(_ex), _exId);
        _record.Written.ContinueWith(_ =>
        {
            parent.Tell(new ExecutionEnded(exId, status, finalStats), self);
            return (object)Ended.Instance;
        }, TaskScheduler.Default).PipeTo(self);
    }

    // ---- stats

    private void WriteStats()
    {
        if (Status.IsRunning()) _record.WriteStats(_stats.ToJson());
    }
}
