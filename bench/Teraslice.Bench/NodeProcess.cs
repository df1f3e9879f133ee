using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Bench;

/// <summary>
/// A real <c>teraslice</c> node in its own process: fresh temp data dir (default durable SQLite
/// storage), free loopback ports, <c>--workers N</c>; the REST API client to it; a clean stop.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private const int LogTailLines = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly HashSet<string> TerminalStatuses = ["completed", "stopped", "rejected", "failed", "terminated"];

    private readonly Process _process;
    private readonly DirectoryInfo _dataDir;
    private readonly HttpClient _http;
    private readonly TextWriter _log;
    private readonly Queue<string> _logTail = new();

    private NodeProcess(Process process, DirectoryInfo dataDir, int apiPort, TextWriter log)
    {
        _process = process;
        _dataDir = dataDir;
        _log = log;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        // the node logs to stdout; keep the tail to show if it fails
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>Peak RSS of the node over its whole life (VmHWM is never reset by the harness after the last run).</summary>
    public double? LifetimePeakRssMb { get; private set; }

    public static async Task<NodeProcess> StartAsync(string nodeDll, int workers, TextWriter log, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("teraslice-bench-");
        var (apiPort, remotePort) = FreePorts();
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     nodeDll, "--data-dir", dataDir.FullName, "--api-port", $"{apiPort}", "--remote-port", $"{remotePort}",
                     "--workers", $"{workers}",
                 })
            start.ArgumentList.Add(arg);
        log.WriteLine($"starting node: {start.FileName} {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var node = new NodeProcess(process, dataDir, apiPort, log);
        try
        {
            await node.WaitForApiAsync(ct);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForApiAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new NodeException($"the node exited with code {_process.ExitCode} before its API answered");
            try
            {
                using var response = await _http.GetAsync("v1", ct);
                if (response.IsSuccessStatusCode)
                {
                    _log.WriteLine($"node {Pid} up in {deadline.Elapsed.TotalSeconds:F1} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (deadline.Elapsed > StartTimeout) throw new NodeException($"the node's API did not answer GET /v1 within {StartTimeout.TotalSeconds} s");
            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>POST /v1/jobs; returns the execution id.</summary>
    public async Task<string> SubmitAsync(JsonObject job, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("v1/jobs", job, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new NodeException($"POST /v1/jobs answered {(int)response.StatusCode}: {body}");
        return (string?)JsonNode.Parse(body)?["ex_id"] ?? throw new NodeException($"POST /v1/jobs answered no ex_id: {body}");
    }

    /// <summary>Polls GET /v1/ex/{exId} until the execution is terminal; returns the record, or null after <paramref name="timeout"/>.</summary>
    public async Task<JsonObject?> WaitForTerminalAsync(string exId, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new NodeException($"the node exited with code {_process.ExitCode} during execution {exId}");
            var ex = await _http.GetFromJsonAsync<JsonObject>($"v1/ex/{exId}", ct);
            if (ex?["_status"] is JsonValue status && TerminalStatuses.Contains(status.GetValue<string>())) return ex;
            await Task.Delay(PollInterval, ct);
        }
        return null;
    }

    /// <summary>The last lines the node wrote, for a failure report.</summary>
    public string LogTail()
    {
        lock (_logTail) return string.Join('\n', _logTail);
    }

    /// <summary>Reads the node's peak RSS, then stops it with SIGTERM (killing it after 60 s) and removes its data dir.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                LifetimePeakRssMb = ProcStats.PeakRssMb(Pid);
                var stopping = Stopwatch.StartNew();
                if (Kill(Pid, SigTerm) != 0) _log.WriteLine($"SIGTERM to node {Pid} failed (errno {Marshal.GetLastPInvokeError()})");
                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                    _log.WriteLine($"node {Pid} stopped in {stopping.Elapsed.TotalSeconds:F1} s, exit code {_process.ExitCode}");
                }
                catch (OperationCanceledException)
                {
                    _log.WriteLine($"node {Pid} did not exit {StopTimeout.TotalSeconds} s after SIGTERM; killing it");
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            _http.Dispose();
            _process.Dispose();
            try
            {
                _dataDir.Delete(recursive: true);
            }
            catch (IOException e)
            {
                _log.WriteLine($"could not remove {_dataDir.FullName}: {e.Message}");
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_logTail)
        {
            _logTail.Enqueue(line);
            if (_logTail.Count > LogTailLines) _logTail.Dequeue();
        }
    }

    /// <summary>Two distinct free loopback ports (both held open while the second is chosen).</summary>
    private static (int, int) FreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        try
        {
            return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
        }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }

    /// <summary>The <c>dotnet</c> host of the runtime the harness runs on, so the node runs on the same one.</summary>
    private static string DotnetHost()
    {
        // …/dotnet/shared/Microsoft.NETCore.App/10.0.x/ → …/dotnet/dotnet
        var runtimeDir = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtimeDir.Parent?.Parent?.Parent;
        var host = root is null ? null : Path.Combine(root.FullName, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return host is not null && File.Exists(host) ? host : "dotnet";
    }

    private const int SigTerm = 15;

    // Process.Kill sends SIGKILL; a clean stop (CoordinatedShutdown) needs SIGTERM
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>The node failed to start, answer or finish; the message says what was seen.</summary>
public sealed class NodeException(string message) : Exception(message);
