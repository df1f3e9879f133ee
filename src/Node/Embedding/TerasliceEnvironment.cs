using Microsoft.Data.Sqlite;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Node.Configuration;

namespace Teraslice.Akka;

/// <summary>
/// A whole Teraslice.Akka cluster inside this process, for development, tests and tools (Onyx's
/// start-env): the cluster master, the slicers and a node with worker slots, on an in-memory store
/// (nothing to install, nothing written to disk) unless <see cref="TerasliceEnvironmentOptions.DataDir"/>
/// is set. More nodes join with <see cref="StartPeerGroupAsync"/>. <see cref="Client"/> drives it.
/// </summary>
public sealed class TerasliceEnvironment : IAsyncDisposable
{
    private readonly TerasliceEnvironmentOptions _options;
    private readonly SqliteConnection? _keepAlive;
    private readonly string? _scratchDir;
    private readonly List<TerasliceNode> _peerGroups = [];
    private int _nextNode = 2;
    private bool _stopped;

    private TerasliceEnvironment(TerasliceEnvironmentOptions options, TerasliceNode node, SqliteConnection? keepAlive, string? scratchDir)
    {
        _options = options;
        Node = node;
        _keepAlive = keepAlive;
        _scratchDir = scratchDir;
    }

    /// <summary>The environment's own node (cluster master, slicers, worker slots).</summary>
    public TerasliceNode Node { get; }

    /// <summary>Drives the cluster (in-process: no HTTP).</summary>
    public ITerasliceClient Client => Node.Client;

    /// <summary>The REST API's address, when <see cref="TerasliceEnvironmentOptions.ApiPort"/> was set.</summary>
    public Uri? ApiAddress => Node.ApiAddress;

    /// <summary>The nodes started with <see cref="StartPeerGroupAsync"/> and still running.</summary>
    public IReadOnlyList<TerasliceNode> PeerGroups
    {
        get
        {
            lock (_peerGroups) return [.. _peerGroups];
        }
    }

    /// <summary>Starts a one-node cluster in this process and returns once it accepts jobs.</summary>
    public static async Task<TerasliceEnvironment> StartDevelopmentAsync(Action<TerasliceEnvironmentOptions>? configure = null, CancellationToken ct = default)
    {
        var options = new TerasliceEnvironmentOptions();
        configure?.Invoke(options);
        if (options.Workers < 0) throw new ArgumentOutOfRangeException(nameof(configure), options.Workers, "Workers must be 0 or more");
        if (options.ApiPort is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(configure), options.ApiPort, "ApiPort must be a port (0: a free one)");

        SqliteConnection? keepAlive = null;
        string? scratchDir = null;
        string connectionString;
        if (options.DataDir is { } dataDir)
        {
            connectionString = $"Data Source={Path.Combine(Path.GetFullPath(dataDir), "teraslice.db")}";
        }
        else
        {
            // one shared in-memory database for the store and the journals of every node here;
            // it lives as long as a connection to it is open
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = "teraslice-dev-" + Guid.NewGuid().ToString("N"),
                Mode = SqliteOpenMode.Memory,
                Cache = SqliteCacheMode.Shared,
            }.ConnectionString;
            keepAlive = new SqliteConnection(connectionString);
            await keepAlive.OpenAsync(ct);
            // asset bundles are unpacked here if a job uses one (removed at shutdown)
            scratchDir = Path.Combine(Path.GetTempPath(), "teraslice-dev-" + Guid.NewGuid().ToString("N")[..12]);
        }

        var settings = new TerasliceSettings
        {
            NodeId = "dev-1",
            Hostname = "127.0.0.1",
            PublicHostname = "127.0.0.1",
            RemotePort = 0,
            ApiPort = options.ApiPort ?? 0,
            Api = options.ApiPort is null ? ApiMode.Off : ApiMode.On,
            Roles = ["master", "worker"],
            Workers = options.Workers,
            DataDir = options.DataDir ?? scratchDir!,
            Storage = StorageProvider.Sqlite,
            ConnectionString = connectionString,
        };
        try
        {
            TerasliceEnvironment? env = null;
            var node = await TerasliceNode.StartAsync(settings, new TerasliceNode.Incarnations(
                options.RejoinWhenDowned ? () => env?.AddressesBut(env.Node) ?? [] : null, options.Operations, options.Logging, options.StartTimeout), ct);
            env = new TerasliceEnvironment(options, node, keepAlive, scratchDir);
            return env;
        }
        catch
        {
            keepAlive?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts another node in this process (its own ActorSystem) that joins the environment's
    /// cluster, shares its store, and brings its worker slots; returns once the cluster knows it.
    /// </summary>
    public async Task<TerasliceNode> StartPeerGroupAsync(Action<TerasliceNodeOptions>? configure = null, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        var options = new TerasliceNodeOptions();
        configure?.Invoke(options);
        if (options.Roles.Count == 0 || options.Roles.Any(r => r is not ("master" or "worker")))
            throw new ArgumentException($"Roles must be master and/or worker, got [{string.Join(", ", options.Roles)}]", nameof(configure));
        var settings = Node.Settings with
        {
            NodeId = $"dev-{Interlocked.Increment(ref _nextNode) - 1}",
            Api = ApiMode.Off,
            Roles = [.. options.Roles],
            Workers = options.Workers,
            SeedNodes = [Node.Address],
        };
        TerasliceNode? node = null;
        node = await TerasliceNode.StartAsync(settings, new TerasliceNode.Incarnations(
            _options.RejoinWhenDowned ? () => AddressesBut(node) : null, _options.Operations, _options.Logging, _options.StartTimeout), ct);
        lock (_peerGroups) _peerGroups.Add(node);
        return node;
    }

    /// <summary>The addresses of the environment's running nodes but <paramref name="node"/> (the seeds it joins again through).</summary>
    private IReadOnlyList<string> AddressesBut(TerasliceNode? node) =>
        PeerGroups.Prepend(Node).Where(n => n != node && !n.IsStopped).Select(n => n.Address).ToList();

    /// <summary>Stops the peer groups, then the environment's node (each leaves gracefully), and frees the in-memory store.</summary>
    public async Task ShutdownAsync(CancellationToken ct = default)
    {
        if (_stopped) return;
        _stopped = true;
        foreach (var peer in PeerGroups) await peer.ShutdownAsync(ct);
        await Node.ShutdownAsync(ct);
        if (_keepAlive is not null)
        {
            SqliteConnection.ClearPool(_keepAlive);
            await _keepAlive.DisposeAsync();
        }
        if (_scratchDir is not null && Directory.Exists(_scratchDir)) Directory.Delete(_scratchDir, recursive: true);
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync();
}
