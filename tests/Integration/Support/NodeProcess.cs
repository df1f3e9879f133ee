using System.Diagnostics;
using System.Reflection;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// One real <c>teraslice</c> node: the built executable started as a child process on loopback
/// ports, with its own temporary data dir and its output kept in a ring buffer. It can be killed
/// hard (SIGKILL), stopped gracefully (SIGTERM) and started again on the same data dir and ports.
/// Disposing kills whatever still runs and deletes the data dir.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(60);

    private readonly LogRing _log = new();
    private Process? _process;
    private int _starts;

    private readonly IReadOnlyList<string> _arguments;

    private NodeProcess(string dataDir, int workers, IReadOnlyList<string> arguments)
    {
        DataDir = dataDir;
        Workers = workers;
        _arguments = arguments;
        Api = new TerasliceApi(new HttpClient());
    }

    public string DataDir { get; }
    public int Workers { get; }
    public int ApiPort { get; private set; }
    public int RemotePort { get; private set; }

    /// <summary>The REST API of the current incarnation (a new client after each start: old connections died with the process).</summary>
    public TerasliceApi Api { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => IsRunning ? _process!.Id : null;

    /// <summary>The path of the node's teraslice.dll, as the build of this test project recorded it.</summary>
    public static string NodeAssembly { get; } = FindNodeAssembly();

    /// <summary>Starts a node on fresh loopback ports and a fresh data dir; answers once <c>GET /v1</c> does.</summary>
    /// <param name="arguments">More command-line flags (e.g. <c>--storage postgres</c>).</param>
    public static async Task<NodeProcess> StartAsync(int workers = 2, IReadOnlyList<string>? arguments = null)
    {
        var node = Create(workers, arguments);
        try
        {
            await node.StartFirstAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A node not started yet: its data dir is chosen (not created), so that a test can prepare
    /// what the node will find there; <see cref="StartFirstAsync"/> starts it.
    /// </summary>
    public static NodeProcess Create(int workers = 2, IReadOnlyList<string>? arguments = null) =>
        new(Path.Combine(Path.GetTempPath(), "teraslice-it-" + Guid.NewGuid().ToString("N")[..12]), workers, arguments ?? []);

    /// <summary>The first start, on fresh loopback ports; answers once <c>GET /v1</c> does.</summary>
    public async Task StartFirstAsync()
    {
        if (_starts > 0) throw new InvalidOperationException("the node was started before; use RestartOnSameDataDirAsync");
        // ports are free when picked but another process may take one before the node binds it
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Take(2);
            ApiPort = ports[0];
            RemotePort = ports[1];
            try
            {
                await LaunchAsync();
                return;
            }
            catch (NodeStartException) when (attempt < 3 && _log.Contains("ddress already in use"))
            {
                _log.Add("---- [test] a port was taken meanwhile; trying other ports ----");
            }
        }
    }

    /// <summary>Waits (bounded) until the node process has exited by itself (e.g. killed by an operation); fails with its last lines if it does not.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the node was never started");
        if (!await ChildProcesses.WaitForExitAsync(process, timeout))
            throw new TimeoutException($"node pid {process.Id} was expected to exit but still runs after {timeout.TotalSeconds:0} s; last lines:\n{TailText(60)}");
        _log.Add($"---- [test] the node exited by itself with code {process.ExitCode} ----");
        ChildProcesses.Forget(process);
    }

    /// <summary>Starts the node again, on the same data dir and ports, after a kill or a stop.</summary>
    public Task RestartOnSameDataDirAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"node pid {_process!.Id} is still running; kill or stop it first");
        return LaunchAsync();
    }

    /// <summary>kill -9 (the whole process tree), then waits until it is gone.</summary>
    public Task KillHardAsync() => ChildProcesses.KillHardAsync(RequireRunning(), _log, "the node");

    /// <summary>kill -TERM, then waits (bounded) for the node to shut down through CoordinatedShutdown; returns its exit code.</summary>
    public Task<int> StopGracefullyAsync() => ChildProcesses.StopGracefullyAsync(RequireRunning(), _log, "the node", GracefulStopTimeout);

    /// <summary>Writes the last lines the node printed into a test's output.</summary>
    public void DumpLog(ITestOutputHelper output, int lines = 200)
    {
        output.WriteLine($"---- last {lines} lines of node api :{ApiPort} remote :{RemotePort} (data dir {DataDir}) ----");
        foreach (var line in _log.Tail(lines)) output.WriteLine(line);
        output.WriteLine("---- end of node output ----");
    }

    public string TailText(int lines) => string.Join('\n', _log.Tail(lines));

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await ChildProcesses.KillQuietlyAsync(process);
            process.Dispose();
            _process = null;
        }
        Api.Dispose();
        await DeleteDataDirAsync();
    }

    private async Task LaunchAsync()
    {
        _starts++;
        var process = ChildProcesses.StartNode(
            [
                "--hostname", "127.0.0.1", "--data-dir", DataDir,
                "--api-port", ApiPort.ToString(), "--remote-port", RemotePort.ToString(), "--workers", Workers.ToString(),
                .. _arguments,
            ],
            _log,
            $"start #{_starts}");
        _process?.Dispose();
        _process = process;
        Api.Dispose();
        Api = new TerasliceApi(new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}"),
            // a blocking _stop may wait for slices in flight
            Timeout = TimeSpan.FromMinutes(2),
        });

        if (await ChildProcesses.WaitForApiAsync(process, Api.Http, _log, StartTimeout)) return;
        if (process.HasExited)
        {
            await ChildProcesses.WaitForExitAsync(process, TimeSpan.FromSeconds(5)); // let the output drain
            ChildProcesses.Forget(process);
            throw new NodeStartException(
                $"node exited with code {process.ExitCode} before its API answered (start #{_starts}); last lines:\n{TailText(60)}");
        }
        var tail = TailText(60);
        await ChildProcesses.KillQuietlyAsync(process);
        throw new NodeStartException(
            $"node pid {process.Id} did not answer GET /v1 on :{ApiPort} within {StartTimeout.TotalSeconds:0} s (killed it); last lines:\n{tail}");
    }

    private Process RequireRunning() =>
        _process is { HasExited: false } process
            ? process
            : throw new InvalidOperationException("the node is not running");

    private async Task DeleteDataDirAsync()
    {
        for (var attempt = 1; Directory.Exists(DataDir); attempt++)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(200); // a retry: files of the dead process may be released a moment later
            }
        }
    }

    private static string FindNodeAssembly()
    {
        var path = typeof(NodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TerasliceNodeAssembly")?.Value;
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidOperationException("the test assembly does not record where teraslice.dll is; build it with `dotnet build tests/Integration`");
        if (!File.Exists(path))
            throw new FileNotFoundException($"the node under test was not built: {path} is missing; run `dotnet build tests/Integration` (it builds src/Node.Host)", path);
        return path;
    }
}

/// <summary>The node did not come up; the message carries its last lines.</summary>
public sealed class NodeStartException(string message) : Exception(message);
