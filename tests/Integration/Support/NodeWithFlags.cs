using System.Diagnostics;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// A node started with flags of the spec's choosing (NodeProcess passes a fixed set): the same
/// executable on loopback ports and a temporary data dir, output kept, killed and removed on
/// dispose. For specs of settings that NodeProcess does not pass.
/// </summary>
public sealed class NodeWithFlags : IAsyncDisposable
{
    private readonly LogRing _log = new();
    private readonly Process _process;

    private NodeWithFlags(Process process, string dataDir, int apiPort)
    {
        _process = process;
        DataDir = dataDir;
        ApiPort = apiPort;
        Api = new TerasliceApi(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromMinutes(2) });
    }

    public string DataDir { get; }
    public int ApiPort { get; }
    public TerasliceApi Api { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public bool LogContains(string text) => _log.Contains(text);

    public string TailText(int lines) => string.Join('\n', _log.Tail(lines));

    /// <summary>Starts the node with these flags after the usual ones; does not wait for it.</summary>
    public static NodeWithFlags Start(params string[] flags)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "teraslice-it-" + Guid.NewGuid().ToString("N")[..12]);
        var ports = FreePorts.Take(2);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])
                 [
                     NodeProcess.NodeAssembly, "--hostname", "127.0.0.1", "--data-dir", dataDir,
                     "--api-port", ports[0].ToString(), "--remote-port", ports[1].ToString(), "--workers", "2", .. flags,
                 ])
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("TERASLICE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);

        var process = new Process { StartInfo = start };
        var node = new NodeWithFlags(process, dataDir, ports[0]);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) node._log.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) node._log.Add("[stderr] " + e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until <c>GET /v1</c> answers; fails with the node's last lines if it exits or takes too long.</summary>
    public async Task WaitUntilUpAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new NodeStartException($"node exited with code {_process.ExitCode} before its API answered; last lines:\n{TailText(60)}");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Api.Http.GetAsync("/v1", probe.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (watch.Elapsed > NodeProcess.StartTimeout)
                throw new NodeStartException($"node did not answer GET /v1 within {NodeProcess.StartTimeout.TotalSeconds:0} s; last lines:\n{TailText(60)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the process exits by itself (a refused setting); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void DumpLog(ITestOutputHelper output)
    {
        output.WriteLine($"---- last lines of node api :{ApiPort} (data dir {DataDir}) ----");
        foreach (var line in _log.Tail(200)) output.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(cancel.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        _process.Dispose();
        Api.Dispose();
        if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
    }
}
