using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Workers;

namespace Teraslice.Akka.Node.Workers;

/// <summary>What a node agent says about its node.</summary>
public sealed record NodeAgentSettings(string NodeId, string Hostname, int Slots, string TerasliceVersion, int Prefetch = 2)
{
    /// <summary>How often the agent reports to the master (which drops nodes that stop reporting).</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>Sent by CoordinatedShutdown: stop every worker gracefully and answer <see cref="Drained"/>.</summary>
public sealed record DrainWorkers
{
    public static readonly DrainWorkers Instance = new();
}

/// <summary>Every worker of the node has stopped.</summary>
public sealed record Drained
{
    public static readonly Drained Instance = new();
}

/// <summary>Adds worker slots to the node at run time; answered with <see cref="SlotsAdded"/>.</summary>
public sealed record AddSlots(int Count);

/// <summary>The slots added (their numbers), and all of the node's slots after that.</summary>
public sealed record SlotsAdded(IReadOnlyList<int> Added, IReadOnlyList<int> Slots);

/// <summary>
/// Removes one worker slot: its worker, if any, finishes the slice at hand and hands back the rest;
/// answered with <see cref="SlotRemoved"/> once the slot is empty.
/// </summary>
public sealed record RemoveSlot(int Slot);

/// <summary>The slot is gone (<see cref="Known"/> false: the node had no such slot), and the node's slots after that.</summary>
public sealed record SlotRemoved(int Slot, bool Known, IReadOnlyList<int> Slots);

/// <summary>
/// The agent of a worker node: owns its worker slots, starts workers when the master asks, reports
/// the node, its busy slots and (on master-role nodes) the slicers its shard region hosts to the
/// master every few seconds (a new master learns the nodes from these reports), and drains the
/// workers when the node shuts down.
/// </summary>
public sealed class NodeAgentActor : ReceiveActor, IWithTimers
{
    private const string ReportTimer = "report";

    private readonly NodeAgentSettings _settings;
    private readonly IActorRef _master;
    private readonly IActorRef _slicerRegion;
    private readonly IOperationCatalog _catalog;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WorkerSlots _slots;
    private readonly List<IActorRef> _drainWaiters = [];
    private readonly List<(int Slot, IActorRef Waiter)> _removeWaiters = [];
    private NodeInfo _info;
    private readonly bool _hostsSlicers;
    private IReadOnlyList<SlicerPlacement> _slicers = [];
    private bool _draining;

    public NodeAgentActor(NodeAgentSettings settings, IActorRef master, IActorRef slicerRegion, IOperationCatalog catalog, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _master = master;
        _slicerRegion = slicerRegion;
        _catalog = catalog;
        _loggerFactory = loggerFactory;
        _slots = new WorkerSlots(settings.Slots);
        var cluster = global::Akka.Cluster.Cluster.Get(Context.System);
        _info = new NodeInfo(settings.NodeId, settings.Hostname, Environment.ProcessId, cluster.SelfAddress.ToString(),
            cluster.SelfRoles.ToList(), settings.Slots, settings.TerasliceVersion, "v" + Environment.Version);
        // slicer entities live on master-role nodes; elsewhere the region is a proxy that hosts none
        _hostsSlicers = cluster.SelfRoles.Contains(TerasliceNames.Roles.Master);

        Receive<AllocateWorkers>(OnAllocate);
        Receive<DrainWorkers>(_ => OnDrain());
        Receive<AddSlots>(OnAddSlots);
        Receive<RemoveSlot>(OnRemoveSlot);
        Receive<Terminated>(OnWorkerGone);
        Receive<Report>(_ =>
        {
            // never waits for the region (a node that stops reporting is dropped): its answer is for
            // the next report, or reported at once when the slicers here changed
            if (_hostsSlicers) _slicerRegion.Tell(GetShardRegionState.Instance);
            ReportToMaster();
        });
        Receive<CurrentShardRegionState>(state =>
        {
            var slicers = SlicersOf(state);
            if (slicers.SequenceEqual(_slicers)) return;
            _slicers = slicers;
            ReportToMaster();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeAgentSettings settings, IActorRef master, IActorRef slicerRegion, IOperationCatalog catalog, ILoggerFactory loggerFactory) =>
        global::Akka.Actor.Props.Create(() => new NodeAgentActor(settings, master, slicerRegion, catalog, loggerFactory));

    protected override void PreStart()
    {
        ReportToMaster();
        Timers.StartPeriodicTimer(ReportTimer, Report.Instance, _settings.ReportInterval);
    }

    private void ReportToMaster()
    {
        if (_info.TotalSlots != _slots.Total) _info = _info with { TotalSlots = _slots.Total };
        _master.Tell(new RegisterNode(_info, Self, _slots.Busy.ToList(), _slicers));
    }

    private static List<SlicerPlacement> SlicersOf(CurrentShardRegionState state) =>
        state.Shards
            .SelectMany(shard => shard.EntityIds)
            .Select(id => TerasliceNames.TryParseSlicerEntityId(id, out var exId, out var slicerId) ? new SlicerPlacement(exId, slicerId) : null)
            .OfType<SlicerPlacement>()
            .OrderBy(s => s.ExId, StringComparer.Ordinal).ThenBy(s => s.SlicerId)
            .ToList();

    private void OnAllocate(AllocateWorkers allocate)
    {
        var free = _draining ? 0 : _slots.Free;
        var count = Math.Clamp(allocate.Count, 0, free);
        var started = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var number = _slots.FirstFree()!.Value;
            var workerId = $"{_settings.NodeId}__{number}";
            var assignment = new WorkerAssignment(allocate.Execution, allocate.Controller, workerId, _settings.NodeId);
            var worker = Context.ActorOf(
                WorkerActor.Props(assignment, _slicerRegion, _catalog, _loggerFactory, _settings.Prefetch),
                $"worker-{number}");
            Context.Watch(worker);
            _slots.Occupy(worker, new WorkerSlotInfo(number, "worker", allocate.ExId, allocate.Execution.JobId, Environment.ProcessId));
            started.Add(workerId);
        }
        if (count < allocate.Count)
            _log.Info("Node {NodeId}: asked for {Count} worker(s) for execution {ExId}, {Free} slot(s) free", _settings.NodeId, allocate.Count, allocate.ExId, free);
        var reply = new WorkersAllocated(allocate.ExId, _settings.NodeId, allocate.Count, started, _slots.Busy.ToList());
        allocate.Controller.Tell(reply);
        Sender.Tell(reply);
    }

    private void OnAddSlots(AddSlots add)
    {
        var added = _slots.Add(add.Count);
        _log.Info("Node {NodeId}: {Count} worker slot(s) added, {Total} now", _settings.NodeId, added.Count, _slots.Total);
        ReportToMaster(); // the master places workers on them at its next top-up
        Sender.Tell(new SlotsAdded(added, _slots.Ids));
    }

    private void OnRemoveSlot(RemoveSlot remove)
    {
        if (!_slots.Remove(remove.Slot, out var occupant))
        {
            Sender.Tell(new SlotRemoved(remove.Slot, Known: false, _slots.Ids));
            return;
        }
        ReportToMaster();
        if (occupant is null)
        {
            Sender.Tell(new SlotRemoved(remove.Slot, Known: true, _slots.Ids));
            return;
        }
        // the worker finishes the slice at hand and hands back the rest; answered when it has stopped
        var slot = _slots.Busy.First(w => w.WorkerId == remove.Slot);
        occupant.Tell(new StopWorker(slot.ExId!, Graceful: true));
        _removeWaiters.Add((remove.Slot, Sender));
    }

    private void OnDrain()
    {
        _draining = true;
        _drainWaiters.Add(Sender);
        foreach (var (worker, slot) in _slots.Workers) worker.Tell(new StopWorker(slot.ExId!, Graceful: true));
        AnswerDrainWaiters();
    }

    private void OnWorkerGone(Terminated terminated)
    {
        if (!_slots.Vacate(terminated.ActorRef)) return;
        ReportToMaster();
        AnswerDrainWaiters();
        foreach (var waiter in _removeWaiters.Where(w => !_slots.IsBusy(w.Slot)).ToList())
        {
            waiter.Waiter.Tell(new SlotRemoved(waiter.Slot, Known: true, _slots.Ids));
            _removeWaiters.Remove(waiter);
        }
    }

    private void AnswerDrainWaiters()
    {
        if (!_draining || _slots.WorkerCount > 0) return;
        foreach (var waiter in _drainWaiters) waiter.Tell(Drained.Instance);
        _drainWaiters.Clear();
    }

    private sealed record Report
    {
        public static readonly Report Instance = new();
    }
}
