using Akka.Actor;

namespace Teraslice.Akka.Protocol.Cluster;

/// <summary>Who a node is, as shown in GET /cluster/state.</summary>
public sealed record NodeInfo(
    string NodeId,
    string Hostname,
    int Pid,
    string Address,
    IReadOnlyList<string> Roles,
    int TotalSlots,
    string TerasliceVersion,
    string NodeVersion) : ITerasliceMessage;

/// <summary>One busy worker slot (an "active" entry of the cluster state).</summary>
public sealed record WorkerSlotInfo(int WorkerId, string Assignment, string? ExId, string? JobId, int Pid) : ITerasliceMessage;

/// <summary>A slicer entity living on a node (shown as an "execution_controller" entry of the cluster state).</summary>
public sealed record SlicerPlacement(string ExId, int SlicerId) : ITerasliceMessage;

/// <summary>
/// From a node agent to the master (through its proxy), at start and then every few seconds:
/// the node, its agent, its busy slots and the slicers its shard region hosts (master-role nodes).
/// A new master learns the nodes from it.
/// </summary>
public sealed record RegisterNode(NodeInfo Node, IActorRef Agent, IReadOnlyList<WorkerSlotInfo> Active, IReadOnlyList<SlicerPlacement> Slicers)
    : ITerasliceMessage;

/// <summary>From the master to a node agent: start up to <see cref="Count"/> workers for an execution.</summary>
public sealed record AllocateWorkers(ExecutionRecord Execution, int Count, IActorRef Controller) : IWithExecutionId
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ExId => Execution.ExId;
}

/// <summary>
/// From a node agent to the execution controller and to the master: the workers it started of the
/// <see cref="Requested"/> (may be fewer), and the node's busy slots after that.
/// </summary>
public sealed record WorkersAllocated(
    string ExId,
    string NodeId,
    int Requested,
    IReadOnlyList<string> WorkerIds,
    IReadOnlyList<WorkerSlotInfo> NodeActive) : IWithExecutionId;

