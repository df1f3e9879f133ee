using System.Diagnostics;

namespace Teraslice.Akka.Integration.Support;

/// <summary>How one node of a <see cref="LocalCluster"/> is started.</summary>
/// <param name="Name">Its <c>--node-id</c>, and the name the specs use for it.</param>
/// <param name="Roles"><c>--roles</c>.</param>
/// <param name="Api"><c>--api</c>: on, off or auto (on for master nodes).</param>
/// <param name="Workers"><c>--workers</c>: its worker slots.</param>
public sealed record ClusterNodeOptions(string Name, string Roles = "master,worker", string Api = "auto", int Workers = 2)
{
    public bool ServesApi => Api == "on" || (Api == "auto" && Roles.Split(',').Contains("master"));
}

/// <summary>
/// One real <c>teraslice</c> process of a multi-node cluster on loopback: started with
/// <c>--seed-nodes</c>, <c>--roles</c>, <c>--api</c>, <c>--node-id</c>, the cluster's
/// <c>--config</c> and shared <c>--connection-string</c>; output kept in a ring buffer. It can be
/// killed hard (SIGKILL) or stopped gracefully (SIGTERM, with its exit code). A node without the
/// API is up once the cluster state lists it (see <see cref="LocalCluster"/>).
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly LogRing _log = new();
    private readonly IReadOnlyList<string> _flags;
    private readonly TerasliceApi? _api;
    private Process? _process;

    private ClusterNode(ClusterNodeOptions options, string dataDir, int apiPort, int remotePort, IReadOnlyList<string> flags)
    {
        Options = options;
        DataDir = dataDir;
        ApiPort = apiPort;
        RemotePort = remotePort;
        _flags = flags;
        if (options.ServesApi)
            _api = new TerasliceApi(new HttpClient
            {
                BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"),
                // reads wait through a master fail-over (up to the API's 30 s ask timeout), blocking stops longer
                Timeout = TimeSpan.FromMinutes(2),
            });
    }

    public ClusterNodeOptions Options { get; }
    public string Name => Options.Name;
    public string DataDir { get; }
    public int ApiPort { get; }
    public int RemotePort { get; }

    /// <summary><c>host:port</c> of its remoting, for the other nodes' <c>--seed-nodes</c>.</summary>
    public string SeedAddress => $"127.0.0.1:{RemotePort}";

    /// <summary>Its REST API (only for a node started with the API).</summary>
    public TerasliceApi Api => _api ?? throw new InvalidOperationException($"node {Name} was started with --api {Options.Api} and roles {Options.Roles}: it serves no API");

    public bool IsRunning => _process is { HasExited: false };
    public int? Pid => IsRunning ? _process!.Id : null;
    public bool HasExited => _process is { HasExited: true };
    public int ExitCode => _process?.ExitCode ?? throw new InvalidOperationException($"node {Name} never started");

    public bool LogContains(string text) => _log.Contains(text);

    public string TailText(int lines) => string.Join('\n', _log.Tail(lines));

    /// <summary>Starts the process on fresh loopback ports; does not wait for it (see <see cref="LocalCluster"/>).</summary>
    public static ClusterNode Launch(ClusterNodeOptions options, string dataDir, params string[] flags)
    {
        var ports = FreePorts.Take(2);
        var node = new ClusterNode(options, dataDir, ports[0], ports[1], flags);
        node.Start();
        return node;
    }

    /// <summary>The same node on other ports (one was taken by another process before this one bound it).</summary>
    public ClusterNode Relaunch()
    {
        if (IsRunning) throw new InvalidOperationException($"node {Name} is still running");
        _log.Add("---- [test] a port was taken meanwhile; trying other ports ----");
        var again = Launch(Options, DataDir, [.. _flags]);
        foreach (var line in _log.Tail(2000)) again._log.Add(line);
        return again;
    }

    /// <summary>The process exited before it was up because a port it was given was taken meanwhile.</summary>
    public bool LostAPortRace => HasExited && _log.Contains("ddress already in use");

    private void Start()
    {
        Directory.CreateDirectory(DataDir);
        var process = ChildProcesses.StartNode(
            [
                "--hostname", "127.0.0.1", "--data-dir", DataDir,
                "--api-port", ApiPort.ToString(), "--remote-port", RemotePort.ToString(),
                "--node-id", Options.Name, "--roles", Options.Roles, "--api", Options.Api, "--workers", Options.Workers.ToString(),
                .. _flags,
            ],
            _log,
            $"start {Options.Name} (roles {Options.Roles}, api {Options.Api} :{ApiPort}, remote :{RemotePort})");
        _process = process;
    }

    /// <summary>Waits until <c>GET /v1</c> answers; fails with the node's last lines if it exits first or takes too long.</summary>
    public async Task WaitForApiAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException($"node {Name} never started");
        if (await ChildProcesses.WaitForApiAsync(process, Api.Http, _log, timeout)) return;
        ThrowIfExited("before its API answered");
        throw new NodeStartException($"node {Name} did not answer GET /v1 on :{ApiPort} within {timeout.TotalSeconds:0} s; last lines:\n{TailText(60)}");
    }

    /// <summary>Fails with the node's last lines when its process has exited.</summary>
    public void ThrowIfExited(string when)
    {
        if (_process is { HasExited: true } process)
            throw new NodeStartException($"node {Name} exited with code {process.ExitCode} {when}; last lines:\n{TailText(60)}");
    }

    /// <summary>kill -9 (the whole process tree), then waits until it is gone.</summary>
    public Task KillHardAsync() => ChildProcesses.KillHardAsync(RequireRunning(), _log, $"node {Name}");

    /// <summary>kill -TERM, then waits (bounded) for CoordinatedShutdown to end the process; returns its exit code.</summary>
    public Task<int> StopGracefullyAsync(TimeSpan timeout) => ChildProcesses.StopGracefullyAsync(RequireRunning(), _log, $"node {Name}", timeout);

    public void DumpLog(ITestOutputHelper output, int lines = 250)
    {
        output.WriteLine($"---- last {lines} lines of node {Name} (roles {Options.Roles}, api {Options.Api} :{ApiPort}, remote :{RemotePort}, {(IsRunning ? "running" : HasExited ? $"exited {_process!.ExitCode}" : "not started")}) ----");
        foreach (var line in _log.Tail(lines)) output.WriteLine(line);
        output.WriteLine($"---- end of node {Name} ----");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await ChildProcesses.KillQuietlyAsync(process);
            process.Dispose();
            _process = null;
        }
        _api?.Dispose();
    }

    private Process RequireRunning() =>
        _process is { HasExited: false } process ? process : throw new InvalidOperationException($"node {Name} is not running");
}
