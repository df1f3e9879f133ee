using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// Starting, signalling and reaping the <c>teraslice</c> child processes of the specs
/// (<see cref="NodeProcess"/>, <see cref="ClusterNode"/>): the node assembly run by the same
/// dotnet as the tests, its output kept in a <see cref="LogRing"/>, and a safety net that kills
/// whatever still runs when the test host exits.
/// </summary>
public static class ChildProcesses
{
    private const int Sigterm = 15;

    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception)
                {
                    // already gone
                }
            }
        };
    }

    /// <summary>
    /// Starts <c>dotnet teraslice.dll</c> with <paramref name="arguments"/>, without the host's
    /// TERASLICE_* variables; every line it prints goes to <paramref name="log"/> (stderr marked).
    /// </summary>
    public static Process StartNode(IEnumerable<string> arguments, LogRing log, string startLine)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(NodeProcess.NodeAssembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // flags win over TERASLICE_* anyway, but a stray TERASLICE_SEED_NODES would still join a foreign cluster
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("TERASLICE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) log.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) log.Add("[stderr] " + e.Data);
        };
        log.Add($"---- [test] {startLine}: {string.Join(' ', arguments)} ----");
        process.Start();
        Running[process] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Polls <c>GET /v1</c> every 100 ms until it answers (true, logged with the time it took); false
    /// when the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<bool> WaitForApiAsync(Process process, HttpClient http, LogRing log, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync("/v1", probe.Token);
                if (response.IsSuccessStatusCode)
                {
                    log.Add($"---- [test] API answered after {watch.ElapsedMilliseconds} ms ----");
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (watch.Elapsed > timeout) return false;
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>Waits (bounded) for the process to exit and its output to be read to the end; false if it still runs.</summary>
    public static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process.HasExited;
        }
    }

    /// <summary>kill -9 of the whole process tree, then waits until it is gone.</summary>
    public static async Task KillHardAsync(Process process, LogRing log, string what)
    {
        log.Add($"---- [test] kill -9 {process.Id} ----");
        process.Kill(entireProcessTree: true);
        if (!await WaitForExitAsync(process, TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"{what} (pid {process.Id}) did not exit within 30 s of SIGKILL");
        Forget(process);
    }

    /// <summary>
    /// kill -TERM, then waits (bounded) for CoordinatedShutdown to end the process; returns its exit
    /// code. If it does not exit in time it is killed, and this fails with its last lines.
    /// </summary>
    public static async Task<int> StopGracefullyAsync(Process process, LogRing log, string what, TimeSpan timeout)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("a graceful stop sends SIGTERM, which needs Linux or macOS");
        log.Add($"---- [test] kill -TERM {process.Id} ----");
        if (Posix.kill(process.Id, Sigterm) != 0)
            throw new InvalidOperationException($"kill -TERM {process.Id} failed with errno {Marshal.GetLastPInvokeError()}");
        var watch = Stopwatch.StartNew();
        if (!await WaitForExitAsync(process, timeout))
        {
            var tail = string.Join('\n', log.Tail(60));
            await KillQuietlyAsync(process);
            throw new TimeoutException($"{what} (pid {process.Id}) did not exit within {timeout.TotalSeconds:0} s of SIGTERM (killed it); last lines:\n{tail}");
        }
        log.Add($"---- [test] exited with code {process.ExitCode} {watch.ElapsedMilliseconds} ms after SIGTERM ----");
        Forget(process);
        return process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs, waits for it (bounded) and forgets it; never throws for a reaped process.</summary>
    public static async Task KillQuietlyAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await WaitForExitAsync(process, TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }
        Forget(process);
    }

    /// <summary>The process is gone: the exit safety net no longer needs it.</summary>
    public static void Forget(Process process) => Running.TryRemove(process, out _);

    // The same dotnet that runs the tests (the SDK sets DOTNET_HOST_PATH for test hosts).
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static class Posix
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}
