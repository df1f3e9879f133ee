using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Protocol.Cluster;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>
/// The master's view of the worker nodes: who they are, their busy slots, slots just handed out.
/// Nodes joining and leaving, and workers started, are appended to the cluster event log.
/// </summary>
/// <param name="events">The cluster event log (null: none, in tests).</param>
public sealed class NodeTable(ClusterEventLog? events = null)
{
    private readonly Dictionary<string, Entry> _nodes = new(StringComparer.Ordinal);

    public IEnumerable<NodeInfo> Nodes => _nodes.Values.Select(e => e.Info);

    /// <summary>Records a node's report; true when the node is new.</summary>
    public bool Register(RegisterNode report, DateTime now)
    {
        var isNew = !_nodes.TryGetValue(report.Node.NodeId, out var entry);
        entry ??= new Entry();
        entry.Info = report.Node;
        entry.Agent = report.Agent;
        entry.Active = report.Active;
        entry.Slicers = report.Slicers ?? [];
        entry.LastSeen = now;
        entry.Reservations.RemoveAll(r => r.Until <= now);
        _nodes[report.Node.NodeId] = entry;
        if (isNew) events?.Append(ClusterEventKinds.NodeJoined, null, null, new JsonObject { ["node_id"] = report.Node.NodeId, ["slots"] = report.Node.TotalSlots });
        return isNew;
    }

    /// <summary>Forgets the nodes of this agent; returns their ids.</summary>
    public IReadOnlyList<string> Remove(IActorRef agent)
    {
        var ids = _nodes.Where(kv => kv.Value.Agent.Equals(agent)).Select(kv => kv.Key).ToList();
        foreach (var id in ids) Drop(id, "its node agent stopped");
        return ids;
    }

    /// <summary>Drops nodes not heard from since <paramref name="cutoff"/>; returns their ids.</summary>
    public IReadOnlyList<string> Prune(DateTime cutoff)
    {
        var stale = _nodes.Where(kv => kv.Value.LastSeen < cutoff).Select(kv => kv.Key).ToList();
        foreach (var id in stale) Drop(id, "it stopped reporting");
        return stale;
    }

    private void Drop(string nodeId, string reason)
    {
        _nodes.Remove(nodeId);
        events?.Append(ClusterEventKinds.NodeLeft, null, null, new JsonObject { ["node_id"] = nodeId, ["reason"] = reason });
    }

    public IEnumerable<NodeCapacity> Capacities(DateTime now) =>
        _nodes.Values.Select(e => new NodeCapacity(e.Info.NodeId, e.Free(now)));

    private IActorRef? Agent(string nodeId) => _nodes.GetValueOrDefault(nodeId)?.Agent;

    /// <summary>
    /// Places up to <paramref name="count"/> workers of an execution (<see cref="Scheduler.Place"/>)
    /// and counts their slots as taken until the agents answer (or <paramref name="until"/>).
    /// </summary>
    /// <returns>Each chosen node's agent with the workers it is to start.</returns>
    public IReadOnlyList<(IActorRef Agent, int Count)> Place(string exId, int count, DateTime now, DateTime until)
    {
        var placed = new List<(IActorRef, int)>();
        foreach (var (nodeId, n) in Scheduler.Place(Capacities(now), count))
        {
            if (Agent(nodeId) is not { } agent) continue;
            Reserve(nodeId, exId, n, until);
            placed.Add((agent, n));
        }
        return placed;
    }

    /// <summary>Counts slots handed to a node as taken until the agent answers (or the timeout).</summary>
    private void Reserve(string nodeId, string exId, int count, DateTime until)
    {
        if (_nodes.TryGetValue(nodeId, out var entry)) entry.Reservations.Add((exId, count, until));
    }

    /// <summary>The agent started workers: its busy slots are now known, the reservation ends.</summary>
    /// <param name="jobId">The execution's job (for the event log), if known.</param>
    public void Allocated(WorkersAllocated allocated, string? jobId = null)
    {
        events?.Append(ClusterEventKinds.WorkersAllocated, jobId, allocated.ExId,
            new JsonObject { ["node_id"] = allocated.NodeId, ["requested"] = allocated.Requested, ["started"] = allocated.WorkerIds.Count });
        if (!_nodes.TryGetValue(allocated.NodeId, out var entry)) return;
        var i = entry.Reservations.FindIndex(r => r.ExId == allocated.ExId);
        if (i >= 0) entry.Reservations.RemoveAt(i);
        entry.Active = allocated.NodeActive;
    }

    /// <summary>
    /// GET /cluster/state: node_id → node state (Teraslice's native shape). The slicers of living
    /// executions (<paramref name="livingJobs"/>: ex_id → job_id) are "execution_controller" entries.
    /// </summary>
    public JsonObject ToClusterState(string? masterAddress, DateTime now, IReadOnlyDictionary<string, string> livingJobs)
    {
        var state = new JsonObject();
        foreach (var entry in _nodes.Values.OrderBy(e => e.Info.NodeId, StringComparer.Ordinal))
        {
            var info = entry.Info;
            var active = new JsonArray();
            if (info.Address == masterAddress)
                active.Add(new JsonObject { ["worker_id"] = 0, ["assignment"] = "cluster_master", ["pid"] = info.Pid });
            foreach (var slicer in entry.Slicers)
            {
                // a finished slicer lingers until passivated: only those of living executions are shown
                if (!livingJobs.TryGetValue(slicer.ExId, out var jobId)) continue;
                active.Add(new JsonObject
                {
                    ["worker_id"] = 0,
                    ["assignment"] = "execution_controller",
                    ["pid"] = info.Pid,
                    ["ex_id"] = slicer.ExId,
                    ["job_id"] = jobId,
                    ["slicer_id"] = slicer.SlicerId,
                });
            }
            foreach (var slot in entry.Active.OrderBy(s => s.WorkerId))
            {
                active.Add(new JsonObject
                {
                    ["worker_id"] = slot.WorkerId,
                    ["assignment"] = slot.Assignment,
                    ["pid"] = slot.Pid,
                    ["ex_id"] = slot.ExId,
                    ["job_id"] = slot.JobId,
                });
            }
            state[info.NodeId] = new JsonObject
            {
                ["node_id"] = info.NodeId,
                ["hostname"] = info.Hostname,
                ["pid"] = info.Pid,
                ["node_version"] = info.NodeVersion,
                ["teraslice_version"] = info.TerasliceVersion,
                ["total"] = info.TotalSlots,
                ["state"] = "connected",
                ["available"] = entry.Free(now),
                ["active"] = active,
            };
        }
        return state;
    }

    private sealed class Entry
    {
        public NodeInfo Info { get; set; } = null!;
        public IActorRef Agent { get; set; } = ActorRefs.Nobody;
        public IReadOnlyList<WorkerSlotInfo> Active { get; set; } = [];
        public IReadOnlyList<SlicerPlacement> Slicers { get; set; } = [];
        public DateTime LastSeen { get; set; }
        public List<(string ExId, int Count, DateTime Until)> Reservations { get; } = [];

        public int Free(DateTime now) =>
            Math.Max(0, Info.TotalSlots - Active.Count(s => s.Assignment == "worker") - Reservations.Where(r => r.Until > now).Sum(r => r.Count));
    }
}
