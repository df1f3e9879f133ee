using Akka.Actor;
using Akka.Event;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Events;
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
    private const string GcTimer = "gc";

    private readonly IStateStore _store;
    private readonly CommandHandlers _handlers;
    private readonly StoredRecordQueries _records;
    private readonly IActorRef _slicerRegion;
    private readonly MasterSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeTable _nodes;
    private readonly CommandQueue<PendingCommand> _queue = new(p => p.Lane, p => CommandHandlers.StandingOf(p.Command));
    private readonly ControllerRegistry _controllers = new();
    private readonly string _selfAddress;
    private readonly ClusterTotals _ended = new();

    public ClusterMasterActor(IStateStore store, CommandHandlers handlers, IActorRef slicerRegion, MasterSettings settings, ClusterEventLog events)
    {
        _nodes = new NodeTable(events);
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

    public static Props Props(IStateStore store, CommandHandlers handlers, IActorRef slicerRegion, MasterSettings settings, ClusterEventLog events) =>
        global::Akka.Actor.Props.Create(() => new ClusterMasterActor(store, handlers, slicerRegion, settings, events));

    // A failing controller is stopped, then started again from its stored record (never restarted
    // with the stale record it was created with).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => Self.Tell(LoadLiving.Instance);

    // ---- starting: load the living executions, stash requests meanwhile

    private void Starting()
    {
        Receive<LoadLiving>(_ => OffActor(async () =>
        {
            await _store.InitializeAsync();
            return new LivingLoaded(await _store.ListLivingExecutionsAsync());
        }).PipeTo(Self));
        Receive<LivingLoaded>(loaded =>
        {
            foreach (var ex in loaded.Living) StartController(ex);
            _log.Info("Cluster master ready on {Address}: {Count} living execution(s) re-attached", _selfAddress, loaded.Living.Count);
            Timers.StartPeriodicTimer(PruneTimer, PruneNodes.Instance, TimeSpan.FromSeconds(5));
            if (_settings.Gc.Interval is { } gcInterval) Timers.StartPeriodicTimer(GcTimer, GcTick.Instance, gcInterval);
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

    // ---- ready

    private void Ready()
    {
        Receive<IMasterRequest>(CommandHandlers.Handles, OnCommand);
        Receive<LaneFound>(found => Enter(found.Command with { Lane = found.Lane }));
        Receive<Decided>(OnDecided);

        Receive<GetClusterState>(_ => Sender.Tell(JsonReplies.Of(_nodes.ToClusterState(_selfAddress, DateTime.UtcNow, _controllers.Jobs))));
        // the polls run off the actor, on copies of what they need
        Receive<GetControllers>(get =>
        {
            var controllers = _controllers.Copy();
            OffActor(() => ControllerPoll.ControllersAsync(get, controllers, _store, _settings.StatsTimeout)).PipeTo(Sender, failure: e => Rejections.Failed(e));
        });
        Receive<GetClusterStats>(_ => ControllerPoll.ClusterStatsAsync(_controllers.All, _ended.Copy(), _settings.StatsTimeout)
            .PipeTo(Sender, failure: e => Rejections.Failed(e)));
        // the API reads stored records itself; a read that comes here anyway is answered the same way, off the actor
        Receive<IRecordQuery>(q => OffActor(() => _records.AnswerAsync(q)).PipeTo(Sender, failure: e => Rejections.Failed(e)));

        Receive<RegisterNode>(OnRegisterNode);
        Receive<RequestWorkers>(OnRequestWorkers);
        Receive<WorkersAllocated>(m => _nodes.Allocated(m, _controllers.JobOf(m.ExId)));
        Receive<ExecutionEnded>(m =>
        {
            if (_controllers.Remove(m.ExId) is { } controller) Context.Unwatch(controller);
            _ended.Add(m.Stats);
            Sender.Tell(EndedAck.Instance);
        });
        Receive<Terminated>(OnTerminated);
        Receive<RestartController>(m => OffActor(() => _store.GetExecutionRecordAsync(m.ExId)).PipeTo(Self,
            success: ex => new StartStored(ex),
            failure: e => new RestartFailed(m.ExId, e)));
        Receive<StartStored>(m =>
        {
            if (m.Ex is { } ex && ex.Status.IsLiving() && !_controllers.Has(ex.ExId)) StartController(ex);
        });
        Receive<RestartFailed>(m =>
        {
            _log.Error(m.Cause, "The stored record of execution {ExId} could not be read; trying again in 2 s", m.ExId);
            Timers.StartSingleTimer("restart-" + m.ExId, new RestartController(m.ExId), TimeSpan.FromSeconds(2));
        });
        Receive<GcTick>(_ =>
        {
            // a collection asked for meanwhile is running or waiting: this one is not needed
            if (_queue.IsBusy(CommandHandlers.GcLane)) return;
            Enter(new PendingCommand(new RunGc(null), ActorRefs.Nobody, CommandHandlers.GcLane));
        });
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
        if (CommandHandlers.ExecutionOnly(command) is { } exId && !_controllers.Has(exId))
        {
            // an ended execution's job: read it, then queue in the job's lane (the owner of an execution never changes)
            OffActor(() => _store.GetExecutionRecordAsync(exId)).PipeTo(Self,
                success: ex => new LaneFound(pending, ex is not null ? CommandHandlers.JobLane(ex.JobId) : "ex:" + exId),
                failure: e => new Decided(pending, null, e));
            return;
        }
        Enter(pending with { Lane = CommandHandlers.LaneOf(command, _controllers.JobOf) });
    }

    private void Enter(PendingCommand pending)
    {
        foreach (var ready in _queue.Enter(pending)) Run(ready, Decide(ready.Command));
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
        if (pending.Command is RunGc && decision is Decision.Answer { Reply: var gc }) _log.Info("Garbage collection: {Outcome}", gc);
        foreach (var ready in _queue.Finished(pending)) Run(ready, Decide(ready.Command));
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
                _log.Info("Execution {ExId} of job {JobId} created by {Command}", created.Execution.ExId, created.Execution.JobId, pending.Command.GetType().Name);
                pending.ReplyTo.Tell(created.Reply);
                return null;
            case Decision.ToController to:
                var exId = to.Execution.ExId;
                var controller = _controllers.Of(exId);
                var message = ControllerCommand.For(pending.Command, exId, controller is not null, pending.ReplyTo, _settings.Controller.DefaultStopTimeout);
                // living in the store but no controller (it is being restarted): the stop is recorded directly
                if (message.RecordsStop) return OffActor(() => _handlers.Executions.RecordStoppedAsync(exId));
                if (message.Message is not null) controller!.Tell(message.Message, pending.ReplyTo);
                if (message.AnswerNow is not null) pending.ReplyTo.Tell(message.AnswerNow);
                return null;
            default:
                throw new InvalidOperationException($"unknown decision {decision.GetType().Name}");
        }
    }

    // ---- controllers

    private void StartController(ExecutionRecord ex)
    {
        var controller = Context.ActorOf(ExecutionControllerActor.Props(ex, _store, _slicerRegion, _settings.Controller), "ex-" + ex.ExId);
        Context.Watch(controller);
        _controllers.Add(ex.ExId, ex.JobId, controller);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_controllers.ExIdOf(terminated.ActorRef) is { } exId)
        {
            _controllers.Remove(exId);
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
        foreach (var (agent, count) in _nodes.Place(request.Execution.ExId, request.Count, now, now + _settings.ReservationTimeout))
        {
            agent.Tell(new AllocateWorkers(request.Execution, count, Sender));
            placed += count;
        }
        if (placed > 0) Sender.Tell(new WorkersRequested(placed));
    }
}
