namespace Teraslice.Akka.Protocol;

/// <summary>Role names, actor names and shard settings, in one place.</summary>
public static class TerasliceNames
{
    /// <summary>The Teraslice version whose job format and REST API this cluster is compatible with.</summary>
    public const string CompatibleVersion = "v3.18.0";

    /// <summary>The ActorSystem name every node of a cluster shares.</summary>
    public const string ActorSystem = "teraslice";

    public static class Roles
    {
        /// <summary>Nodes that may host the cluster master singleton and the slicer shards.</summary>
        public const string Master = "master";

        /// <summary>Nodes that run worker slots.</summary>
        public const string Worker = "worker";
    }

    /// <summary>Name of the cluster master singleton (manager at /user/cluster-master).</summary>
    public const string MasterSingleton = "cluster-master";

    /// <summary>Type name of the slicer shard region.</summary>
    public const string SlicerRegion = "slicer";

    /// <summary>Actor name of the node agent on every worker node.</summary>
    public const string NodeAgent = "node-agent";

    /// <summary>Number of shards of the slicer region (≈ 10 × the largest expected cluster).</summary>
    public const int SlicerShards = 100;

    /// <summary>The entity id of a slicer: "{exId}/{slicerId}".</summary>
    public static string SlicerEntityId(string exId, int slicerId) => $"{exId}/{slicerId}";

    /// <summary>The persistence id of a slicer's journal and snapshots: "slicer-{entityId}".</summary>
    public static string SlicerPersistenceId(string entityId) => "slicer-" + entityId;

    /// <summary>The persistence id of slicer <paramref name="slicerId"/> of an execution: "slicer-{exId}/{slicerId}".</summary>
    public static string SlicerPersistenceId(string exId, int slicerId) => SlicerPersistenceId(SlicerEntityId(exId, slicerId));

    /// <summary>The execution and slicer of an entity id made by <see cref="SlicerEntityId"/>.</summary>
    public static bool TryParseSlicerEntityId(string entityId, out string exId, out int slicerId)
    {
        var slash = entityId.LastIndexOf('/');
        exId = slash > 0 ? entityId[..slash] : "";
        slicerId = -1;
        return slash > 0 && int.TryParse(entityId.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out slicerId);
    }
}

/// <summary>Keys under which Akka.Hosting registers our actors in the <c>ActorRegistry</c>.</summary>
public static class ActorKeys
{
    /// <summary>The proxy of the cluster master singleton (every node has one).</summary>
    public sealed class Master;

    /// <summary>The slicer shard region (or its proxy on nodes without the master role).</summary>
    public sealed class SlicerRegion;

    /// <summary>The node agent (worker nodes only).</summary>
    public sealed class NodeAgent;
}
