using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Master.Storage;

namespace Teraslice.Akka.Node.Configuration;

/// <summary>Whether a node serves the REST API.</summary>
public enum ApiMode
{
    /// <summary>On for nodes with the master role, off for worker-only nodes.</summary>
    Auto,
    On,
    Off,
}

/// <summary>The typed settings of a node (HOCON section <c>teraslice</c>, see hocon/teraslice.conf).</summary>
public sealed record TerasliceSettings
{
    public string ClusterName { get; init; } = "teraslice";
    /// <summary>The address the API and remoting bind to.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The address other nodes reach this one at (differs from <see cref="Hostname"/> behind NAT or in a container bound to 0.0.0.0).</summary>
    public string PublicHostname { get; init; } = "127.0.0.1";
    public int ApiPort { get; init; } = 5678;
    public ApiMode Api { get; init; } = ApiMode.Auto;
    public int RemotePort { get; init; } = 5679;

    /// <summary>Seed nodes as full Akka addresses (akka.tcp://teraslice@host:port).</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = ["master", "worker"];

    /// <summary>Worker slots; 0 in the configuration means the number of cores.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    public string DataDir { get; init; } = "./data";
    public StorageProvider Storage { get; init; } = StorageProvider.Sqlite;
    public string ConnectionString { get; init; } = "";
    public string NodeId { get; init; } = "";

    /// <summary>A folder whose *.zip asset bundles master nodes upload at start-up; empty: none.</summary>
    public string AutoloadDir { get; init; } = "";

    /// <summary>Tuning of the cluster master (<c>teraslice.master</c>).</summary>
    public MasterSettings Master { get; init; } = new();

    /// <summary>Tuning of the execution controllers (<c>teraslice.controller</c>).</summary>
    public ControllerSettings Controller { get; init; } = new();

    /// <summary>Tuning of the slicer entities (<c>teraslice.slicer</c>).</summary>
    public SlicerSettings Slicer { get; init; } = new();

    /// <summary>
    /// The state store and the journals live in memory (a SQLite connection string with
    /// <c>Mode=Memory</c>): nothing is written to disk, and nothing outlives the process.
    /// </summary>
    public bool InMemory => Storage == StorageProvider.Sqlite
        && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(EffectiveConnectionString).Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory;

    public bool IsMaster => Roles.Contains("master");
    public bool IsWorker => Roles.Contains("worker");
    public bool ServesApi => Api == ApiMode.On || (Api == ApiMode.Auto && IsMaster);

    /// <summary>
    /// The connection string of the state store and the journal: for SQLite the given one (nodes
    /// on one host may share a file) or teraslice.db in the data dir.
    /// </summary>
    public string EffectiveConnectionString => Storage == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Data Source={Path.Combine(Path.GetFullPath(DataDir), "teraslice.db")}"
        : ConnectionString;
}
