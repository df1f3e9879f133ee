namespace Teraslice.Akka.Bench;

/// <summary>
/// On a machine shared with others, waits before a run until the other processes are idle, so a
/// neighbour's build does not land in a measurement. The run's own processes do not count.
/// </summary>
public sealed class IdleWait(TimeSpan maxWait, TextWriter log)
{
    private const double IdleCores = 0.1;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private const int WindowsNeeded = 3;

    /// <summary>Waits for <see cref="WindowsNeeded"/> idle windows in a row, or gives up after the maximum wait (and says so).</summary>
    public async Task WaitAsync(IReadOnlyList<int> ownPids, CancellationToken ct)
    {
        if (maxWait <= TimeSpan.Zero) return;
        var started = DateTime.UtcNow;
        var idleWindows = 0;
        double others = 0;
        while (DateTime.UtcNow - started < maxWait)
        {
            var machine = ProcStats.MachineBusySeconds();
            var own = ownPids.Sum(p => ProcStats.CpuSeconds(p) ?? 0);
            await Task.Delay(Window, ct);
            others = ((ProcStats.MachineBusySeconds() - machine) ?? 0) - (ownPids.Sum(p => ProcStats.CpuSeconds(p) ?? 0) - own);
            others /= Window.TotalSeconds;
            idleWindows = others < IdleCores ? idleWindows + 1 : 0;
            if (idleWindows >= WindowsNeeded)
            {
                var waited = DateTime.UtcNow - started;
                if (waited > Window * (WindowsNeeded + 1)) log.WriteLine($"    waited {waited.TotalSeconds:F0} s for the machine to be idle");
                return;
            }
        }
        log.WriteLine($"    the machine was not idle within {maxWait.TotalSeconds:F0} s (other processes {others:F2} cores); running anyway");
    }
}
