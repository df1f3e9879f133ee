using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// A real multi-node cluster on loopback, as <c>scripts/cluster.sh</c> starts one: the first node
/// forms the cluster, the others join it through <c>--seed-nodes</c>; every node gets the same
/// <c>--config</c> (hocon/cluster.conf with faster failure detection, written here) and shares one
/// SQLite file (<c>--connection-string "Data Source=…"</c>). Everything lives in a temporary
/// folder that disposing removes, after killing whatever still runs.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>akka.cluster.failure-detector.acceptable-heartbeat-pause of the specs' config.</summary>
    public static readonly TimeSpan HeartbeatPause = TimeSpan.FromSeconds(3);

    /// <summary>akka.cluster.split-brain-resolver.stable-after of the specs' config.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long a crashed node takes to leave the cluster by the config: unreachable once its
    /// heartbeats stop for the pause, downed when membership was stable for stable-after, removed
    /// after the resolver's removal margin (stable-after again).
    /// </summary>
    public static readonly TimeSpan FailureDetection = HeartbeatPause + StableAfter + StableAfter;

    /// <summary>
    /// Room on top of <see cref="FailureDetection"/> for what follows it (phi reaching its
    /// threshold, the singleton's hand-over, the master loading its state, the 2 s node reports) on a
    /// loaded 2-core machine.
    /// </summary>
    public static readonly TimeSpan FailoverSlack = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<ClusterNode> _nodes = [];

    private LocalCluster(string dir)
    {
        Dir = dir;
        ConfigPath = Path.Combine(dir, "cluster.conf");
        ConnectionString = $"Data Source={Path.Combine(dir, "teraslice.db")}";
        File.WriteAllText(ConfigPath, ConfigText());
    }

    public string Dir { get; }
    public string ConfigPath { get; }
    public string ConnectionString { get; }
    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public ClusterNode this[string name] => _nodes.Single(n => n.Name == name);

    /// <summary>A file in the cluster's folder (removed with it), e.g. for slice_log.</summary>
    public string FilePath(string name) => Path.Combine(Dir, name);

    public static LocalCluster Create() =>
        new(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "teraslice-mn-" + Guid.NewGuid().ToString("N")[..12])).FullName);

    /// <summary>
    /// Starts a node and waits until it is up: its API answers (if it has one), and the cluster
    /// state seen through <paramref name="via"/> (the first node with an API by default) lists it.
    /// The first node forms the cluster; the others join it.
    /// </summary>
    public async Task<ClusterNode> StartAsync(ClusterNodeOptions options, ClusterNode? via = null)
    {
        var node = Launch(options);
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (options.ServesApi) await node.WaitForApiAsync(StartTimeout);
                var api = via ?? (options.ServesApi ? node : _nodes.FirstOrDefault(n => n.Options.ServesApi && n.IsRunning))
                          ?? throw new InvalidOperationException($"no running node with an API to see {options.Name} join through");
                await WaitUntilListedAsync(api, node, StartTimeout - watch.Elapsed);
                return node;
            }
            catch (NodeStartException) when (attempt < 3 && node.LostAPortRace)
            {
                var again = node.Relaunch();
                lock (_nodes) _nodes[_nodes.IndexOf(node)] = again;
                await node.DisposeAsync();
                node = again;
            }
        }
    }

    /// <summary>
    /// Three nodes, as <c>scripts/cluster.sh</c> starts them unless told otherwise: n1 (master and
    /// worker, the API, the cluster master), then n2 and n3 joining at once (worker-only, no API, by
    /// default). Returns when n1's cluster state lists all three with their slots, and that state.
    /// </summary>
    public async Task<(ClusterNode N1, ClusterNode N2, ClusterNode N3, JsonObject State)> StartThreeAsync(
        ClusterNodeOptions? n2 = null, ClusterNodeOptions? n3 = null)
    {
        var first = await StartAsync(new ClusterNodeOptions("n1"));
        var others = await StartAllAsync(
            n2 ?? new ClusterNodeOptions("n2", Roles: "worker", Api: "off"),
            n3 ?? new ClusterNodeOptions("n3", Roles: "worker", Api: "off"));
        var state = await WaitForNodesAsync(first, [first, others[0], others[1]], StartTimeout);
        return (first, others[0], others[1], state);
    }

    /// <summary>Starts several nodes at once (they join in parallel) and waits until each is up.</summary>
    public async Task<ClusterNode[]> StartAllAsync(params ClusterNodeOptions[] options)
    {
        // each StartAsync launches its process before its first await: all start now, then all are awaited
        var starts = options.Select(o => StartAsync(o)).ToList();
        return await Task.WhenAll(starts);
    }

    /// <summary>
    /// Polls <c>GET /v1/cluster/state</c> through <paramref name="api"/> until it lists exactly the
    /// nodes named, each with its worker slots; returns the state.
    /// </summary>
    public static async Task<JsonObject> WaitForNodesAsync(ClusterNode api, IReadOnlyCollection<ClusterNode> nodes, TimeSpan timeout)
    {
        var expected = nodes.Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var last = await Eventually.UntilAsync(
            () => api.Api.GetAsync("/v1/cluster/state"),
            r => r.Status == HttpStatusCode.OK && r.Json is JsonObject state
                 && state.Select(kv => kv.Key).Order(StringComparer.Ordinal).SequenceEqual(expected)
                 && nodes.All(n => state[n.Name] is JsonObject s && s["total"]?.GetValue<int>() == n.Options.Workers),
            timeout,
            r => $"GET /v1/cluster/state on {api.Name} did not list exactly [{string.Join(", ", expected)}] with their slots within {timeout.TotalSeconds:0} s; last: {(r is null ? "none" : $"{(int)r.Status} {r.Body}")}",
            TimeSpan.FromMilliseconds(250));
        return last.Json!.AsObject();
    }

    /// <summary>The worker slots of an execution per node in a cluster state: node id → worker entries.</summary>
    public static Dictionary<string, int> WorkersPerNode(JsonObject clusterState, string exId) =>
        clusterState.ToDictionary(
            kv => kv.Key,
            kv => (kv.Value?["active"] as JsonArray ?? []).OfType<JsonObject>()
                .Count(a => a["assignment"]?.ToString() == "worker" && a["ex_id"]?.ToString() == exId));

    /// <summary>The node ids whose active entries include a slicer ("execution_controller") of an execution.</summary>
    public static List<string> SlicerNodes(JsonObject clusterState, string exId) =>
        clusterState
            .Where(kv => (kv.Value?["active"] as JsonArray ?? []).OfType<JsonObject>()
                .Any(a => a["assignment"]?.ToString() == "execution_controller" && a["ex_id"]?.ToString() == exId))
            .Select(kv => kv.Key)
            .ToList();

    /// <summary>The node ids whose active entries include the cluster master.</summary>
    public static List<string> MasterNodes(JsonObject clusterState) =>
        clusterState
            .Where(kv => (kv.Value?["active"] as JsonArray ?? []).OfType<JsonObject>().Any(a => a["assignment"]?.ToString() == "cluster_master"))
            .Select(kv => kv.Key)
            .ToList();

    public static string Describe(Dictionary<string, int> perNode) =>
        "{" + string.Join(", ", perNode.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")) + "}";

    /// <summary>Writes the last lines of every node into a test's output.</summary>
    public void DumpLogs(ITestOutputHelper output, int lines = 250)
    {
        output.WriteLine($"---- cluster in {Dir}; config {ConfigPath}:\n{File.ReadAllText(ConfigPath)}");
        foreach (var node in _nodes) node.DumpLog(output, lines);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        for (var attempt = 1; Directory.Exists(Dir); attempt++)
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(200); // files of a dead process may be released a moment later
            }
        }
    }

    private ClusterNode Launch(ClusterNodeOptions options)
    {
        if (_nodes.Any(n => n.Name == options.Name)) throw new InvalidOperationException($"the cluster has a node {options.Name} already");
        List<string> flags = ["--config", ConfigPath, "--connection-string", ConnectionString];
        // the first node forms the cluster alone; the others join it
        if (_nodes.Count > 0) flags.AddRange(["--seed-nodes", _nodes[0].SeedAddress]);
        var node = ClusterNode.Launch(options, Path.Combine(Dir, options.Name), [.. flags]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    private static async Task WaitUntilListedAsync(ClusterNode api, ClusterNode node, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            node.ThrowIfExited("before it joined the cluster");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var response = await api.Api.Http.GetAsync("/v1/cluster/state", probe.Token);
                if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync(probe.Token)) is JsonObject state
                    && state.ContainsKey(node.Name))
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // the API's node is still starting
            }
            if (watch.Elapsed > timeout)
                throw new TimeoutException(
                    $"node {node.Name} was not listed in GET /v1/cluster/state of {api.Name} within {timeout.TotalSeconds:0} s; its last lines:\n{node.TailText(60)}");
            await Task.Delay(250);
        }
    }

    /// <summary>hocon/cluster.conf of this repository, with failure detection shortened for the specs.</summary>
    private static string ConfigText()
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(NodeProcess.NodeAssembly)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "hocon", "cluster.conf"))) dir = dir.Parent;
        if (dir is null) throw new FileNotFoundException($"hocon/cluster.conf was not found above {NodeProcess.NodeAssembly}");
        var baseConfig = File.ReadAllText(Path.Combine(dir.FullName, "hocon", "cluster.conf"));
        return baseConfig + $$"""

            # ---- the multi-node specs: faster failure detection than hocon/cluster.conf (later keys win)
            akka.cluster {
              failure-detector.acceptable-heartbeat-pause = {{HeartbeatPause.TotalSeconds}}s
              split-brain-resolver.stable-after = {{StableAfter.TotalSeconds}}s
            }

            """;
    }
}
