using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Queries;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>
/// The cluster master (a cluster singleton) orders: it runs the commands of one job one after
/// another (their rules are the <see cref="CommandHandlers"/>'), owns one execution controller
/// per living execution, and places workers on the nodes. Its mailbox never waits on I/O: a
/// handler's store work runs off the actor and its decision is piped back. On start it reloads
/// every living execution and re-attaches a controller to it, so a crash or a move loses nothing.
/// Reads of stored records need not come here (<see cref="StoredRecordQueries"/>).
/// </summary>
public sealed class ClusterMasterActor : ReceiveActor, IWithStash, IWithTimers
{
    private const string PruneTimer = "prune";

    private readonly IStateStore _store;
    private readonly CommandHandlers _handlers;
    private readonly StoredRecordQueries _records;
    private readonly IActorRef _slicerRegion;
    private readonly MasterSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeTable _nodes = new();
    private readonly CommandLanes<PendingCommand> _lanes = new();
    private readonly Dictionary<string, IActorRef> _controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _controllerJobs = new(StringComparer.Ordinal); // ex_id → job_id
    private readonly string _selfAddress;
    private readonly ClusterTotals _ended = new();

    public ClusterMasterActor(IStateStore store, CommandHandlers handlers, IActorRef slicerRegion, MasterSettings settings)
    {
        _store = store;
        _handlers = handlers;
        _records = new StoredRecordQueries(store);
        _slicerRegion = slicerRegion;
        _settings = settings;
        _selfAddress = global::Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Starting();
    }

    public IStash Stash { get; set; } = null!;
    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IStateStore store, CommandHandlers handlers, IActorRef slicerRegion, MasterSettings settings) =>
        global::Akka.Actor.Props.Create(() => new ClusterMasterActor(store, handlers, slicerRegion, settings));

    // A failing controller is stopped, then started again from its stored record (never restarted
    // with the stale record it was created with).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => Self.Tell(LoadLiving.Instance);

    // ---- starting: load the living executions, stash requests meanwhile

    private void Starting()
    {
        Receive<LoadLiving>(_ => OffActor(LoadLivingAsync).PipeTo(Self));
        Receive<LivingLoaded>(loaded =>
        {
            foreach (var ex in loaded.Living) StartController(ex);
            _log.Info("Cluster master ready on {Address}: {Count} living execution(s) re-attached", _selfAddress, loaded.Living.Count);
            Timers.StartPeriodicTimer(PruneTimer, PruneNodes.Instance, TimeSpan.FromSeconds(5));
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Error(f.Cause, "Cluster master could not load its state; retrying in 2 s");
            Timers.StartSingleTimer("load", LoadLiving.Instance, TimeSpan.FromSeconds(2));
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private async Task<LivingLoaded> LoadLivingAsync()
    {
        await _store.InitializeAsync();
        return new LivingLoaded(await _store.ListLivingExecutionsAsync());
    }

    // ---- ready

    private void Ready()
    {
        Receive<IMasterRequest>(CommandHandlers.Handles, OnCommand);
        Receive<LaneFound>(found => Enter(found.Command with { Lane = found.Lane }));
        Receive<Decided>(OnDecided);

        Receive<GetClusterState>(_ => Sender.Tell(JsonReplies.Of(_nodes.ToClusterState(_selfAddress, DateTime.UtcNow, _controllerJobs))));
        // the polls run off the actor, on copies of what they need
        Receive<GetControllers>(get =>
        {
            var controllers = new Dictionary<string, IActorRef>(_controllers);
            OffActor(() => ControllerPoll.ControllersAsync(get, controllers, _store, _settings.StatsTimeout)).PipeTo(Sender, failure: e => Rejections.Failed(e));
        });
        Receive<GetClusterStats>(_ => ControllerPoll.ClusterStatsAsync(_controllers.Values.ToList(), _ended.Copy(), _settings.StatsTimeout)
            .PipeTo(Sender, failure: e => Rejections.Failed(e)));
        // the API reads stored records itself; a read that comes here anyway is answered the same way, off the actor
        Receive<IRecordQuery>(q => OffActor(() => _records.AnswerAsync(q)).PipeTo(Sender, failure: e => Rejections.Failed(e)));

        Receive<RegisterNode>(OnRegisterNode);
        Receive<RequestWorkers>(OnRequestWorkers);
        Receive<WorkersAllocated>(m => _nodes.Allocated(m));
        Receive<ExecutionEnded>(m =>
        {
            if (_controllers.Remove(m.ExId, out var controller)) Context.Unwatch(controller);
            _controllerJobs.Remove(m.ExId);
            _ended.Add(m.Stats);
            Sender.Tell(EndedAck.Instance);
        });
        Receive<Terminated>(OnTerminated);
        Receive<RestartController>(m => OffActor(() => _store.GetExecutionAsync(m.ExId)).PipeTo(Self,
            success: ex => ex is not null && ex.Status().IsLiving() ? new StartStored(ex) : NothingToDo.Instance,
            failure: e => new RestartFailed(m.ExId, e)));
        Receive<StartStored>(m =>
        {
            if (!_controllers.ContainsKey(m.Ex.Str("ex_id")!)) StartController(m.Ex);
        });
        Receive<RestartFailed>(m =>
        {
            _log.Error(m.Cause, "The stored record of execution {ExId} could not be read; trying again in 2 s", m.ExId);
            Timers.StartSingleTimer("restart-" + m.ExId, new RestartController(m.ExId), TimeSpan.FromSeconds(2));
        });
        Receive<NothingToDo>(_ => { });
        Receive<PruneNodes>(_ =>
        {
            foreach (var node in _nodes.Prune(DateTime.UtcNow - _settings.NodeStaleAfter))
                _log.Warning("Node {NodeId} has not reported for {StaleAfter}; dropped from the cluster state", node, _settings.NodeStaleAfter);
        });
    }

    // ---- commands: lanes, handlers, decisions

    private void OnCommand(IMasterRequest command)
    {
        var pending = new PendingCommand(command, Sender, Lane: null);
        if (CommandHandlers.ExecutionOnly(command) is { } exId && !_controllerJobs.ContainsKey(exId))
        {
            // an ended execution's job: read it, then queue in the job's lane (the owner of an execution never changes)
            OffActor(() => _store.GetExecutionAsync(exId)).PipeTo(Self,
                success: ex => new LaneFound(pending, ex?.Str("job_id") is { } jobId ? CommandHandlers.JobLane(jobId) : "ex:" + exId),
                failure: e => new Decided(pending, null, e));
            return;
        }
        Enter(pending with { Lane = CommandHandlers.LaneOf(command, id => _controllerJobs.GetValueOrDefault(id)) });
    }

    private void Enter(PendingCommand pending)
    {
        if (pending.Lane is null || _lanes.Enter(pending.Lane, pending)) Run(pending, Decide(pending.Command));
    }

    // Off the actor's thread from the start: a store's "async" call may complete synchronously
    // (Microsoft.Data.Sqlite does), and the mailbox must never wait on it.
    private Task<Decision> Decide(IMasterRequest command) => OffActor(() => _handlers.DecideAsync(command));

    private static Task<T> OffActor<T>(Func<Task<T>> work) => Task.Run(work);

    private void Run(PendingCommand pending, Task<Decision> work) =>
        work.PipeTo(Self, success: d => new Decided(pending, d, null), failure: e => new Decided(pending, null, e));

    private void OnDecided(Decided decided)
    {
        var (pending, decision, fault) = decided;
        if (fault is not null)
        {
            _log.Error(fault, "Cluster master command {Command} failed", pending.Command.GetType().Name);
            decision = Rejections.Failed(fault);
        }
        if (Carry(pending, decision!) is { } followUp)
        {
            Run(pending, followUp); // still this lane's turn
            return;
        }
        if (pending.Lane is not null && _lanes.TryLeave(pending.Lane, out var next)) Run(next, Decide(next.Command));
    }

    /// <summary>Carries out a decision; returns the store work still to do before the command is done, if any.</summary>
    private Task<Decision>? Carry(PendingCommand pending, Decision decision)
    {
        switch (decision)
        {
            case Decision.Answer answer:
                pending.ReplyTo.Tell(answer.Reply);
                return null;
            case Decision.ExecutionCreated created:
                StartController(created.Execution);
                _log.Info("Execution {ExId} of job {JobId} created by {Command}", created.Execution.Str("ex_id"),
                    created.Execution.Str("job_id"), pending.Command.GetType().Name);
                pending.ReplyTo.Tell(created.Reply);
                return null;
            case Decision.ToController to:
                return ToController(pending, to.Execution.Str("ex_id")!);
            default:
                throw new InvalidOperationException($"unknown decision {decision.GetType().Name}");
        }
    }

    private Task<Decision>? ToController(PendingCommand pending, string exId)
    {
        _controllers.TryGetValue(exId, out var controller);
        switch (pending.Command)
        {
            case StopExecution stop when controller is null:
                // living in the store but no controller (it is being restarted): record the stop directly
                return OffActor(() => _handlers.Executions.RecordStoppedAsync(exId));
            case StopExecution stop:
                var timeout = stop.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : _settings.Controller.DefaultStopTimeout;
                // blocking: the controller answers the asker when the execution is terminal
                controller.Tell(new StopCommand(stop.Force, timeout, stop.Blocking ? pending.ReplyTo : null));
                if (!stop.Blocking) pending.ReplyTo.Tell(JsonReplies.Of(new JsonObject { ["status"] = ExecutionStatus.Stopping.ToWire() }));
                return null;
            case var other when controller is null:
                pending.ReplyTo.Tell(Rejections.NotAvailableTo(exId, CommandHandlers.VerbOf(other)));
                return null;
            case PauseExecution:
                controller.Tell(PauseCommand.Instance, pending.ReplyTo);
                return null;
            case ResumeExecution:
                controller.Tell(ResumeCommand.Instance, pending.ReplyTo);
                return null;
            case ChangeWorkers change:
                controller.Tell(new WorkersCommand(change.Change, change.Count), pending.ReplyTo);
                return null;
            default:
                throw new InvalidOperationException($"{pending.Command.GetType().Name} does not go to a controller");
        }
    }

    // ---- controllers

    private void StartController(JsonObject ex)
    {
        var exId = ex.Str("ex_id")!;
        var controller = Context.ActorOf(
            ExecutionControllerActor.Props(ex, _store, _slicerRegion, _settings.Controller), "ex-" + exId);
        Context.Watch(controller);
        _controllers[exId] = controller;
        _controllerJobs[exId] = ex.Str("job_id")!;
    }

    private void OnTerminated(Terminated terminated)
    {
        var exId = _controllers.FirstOrDefault(kv => kv.Value.Equals(terminated.ActorRef)).Key;
        if (exId is not null)
        {
            _controllers.Remove(exId);
            _controllerJobs.Remove(exId);
            _log.Warning("The controller of execution {ExId} stopped unexpectedly; starting a new one", exId);
            Timers.StartSingleTimer("restart-" + exId, new RestartController(exId), TimeSpan.FromSeconds(1));
            return;
        }
        _nodes.Remove(terminated.ActorRef);
    }

    // ---- nodes and workers

    private void OnRegisterNode(RegisterNode register)
    {
        if (_nodes.Register(register, DateTime.UtcNow))
        {
            _log.Info("Node {NodeId} joined with {Slots} worker slot(s)", register.Node.NodeId, register.Node.TotalSlots);
            Context.Watch(register.Agent);
        }
    }

    private void OnRequestWorkers(RequestWorkers request)
    {
        var now = DateTime.UtcNow;
        var placed = 0;
        foreach (var (nodeId, count) in Scheduler.Place(_nodes.Capacities(now), request.Count))
        {
            if (_nodes.Agent(nodeId) is not { } agent) continue;
            agent.Tell(new AllocateWorkers(request.ExId, request.JobId, request.ExConfigJson, count, Sender));
            _nodes.Reserve(nodeId, request.ExId, count, now + _settings.ReservationTimeout);
            placed += count;
        }
        if (placed > 0) Sender.Tell(new WorkersRequested(placed));
    }
}
