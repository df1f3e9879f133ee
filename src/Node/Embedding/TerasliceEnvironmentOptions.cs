using Microsoft.Extensions.Logging;
using Teraslice.Akka.Operations;

namespace Teraslice.Akka;

/// <summary>How <see cref="TerasliceEnvironment.StartDevelopmentAsync"/> sets up its cluster.</summary>
public sealed class TerasliceEnvironmentOptions
{
    private readonly List<OperationDefinition> _operations = [];

    /// <summary>Serve the REST API on this loopback port (0: a free one); null (the default): no API.</summary>
    public int? ApiPort { get; set; }

    /// <summary>
    /// Keep the state store and the journals in a SQLite file in this folder (it survives the
    /// process, and another environment on the same folder finds its jobs); null (the default):
    /// in memory, nothing written to disk.
    /// </summary>
    public string? DataDir { get; set; }

    /// <summary>Worker slots of the environment's node (default 2).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Where the nodes log (default: nowhere).</summary>
    public Action<ILoggingBuilder>? Logging { get; set; }

    /// <summary>
    /// A node the cluster downs (a partition, a long pause) starts again with a new ActorSystem and
    /// joins the cluster once more (the default), instead of staying stopped. The process is never stopped.
    /// </summary>
    public bool RejoinWhenDowned { get; set; } = true;

    /// <summary>How long a node may take to start and join (default 60 s).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Operations registered in code, next to the built-ins, on every node of the environment.</summary>
    public IReadOnlyList<OperationDefinition> Operations => _operations;

    /// <summary>Registers an operation written in code (no asset bundle needed).</summary>
    public TerasliceEnvironmentOptions AddOperation<TDefinition>() where TDefinition : OperationDefinition, new()
    {
        _operations.Add(new TDefinition());
        return this;
    }
}

/// <summary>How <see cref="TerasliceEnvironment.StartPeerGroupAsync"/> sets up a node.</summary>
public sealed class TerasliceNodeOptions
{
    /// <summary>Worker slots of the node (default 2).</summary>
    public int Workers { get; set; } = 2;

    /// <summary><c>worker</c> (the default) and/or <c>master</c> (the node may then host the cluster master and slicers).</summary>
    public IReadOnlyList<string> Roles { get; set; } = ["worker"];
}
