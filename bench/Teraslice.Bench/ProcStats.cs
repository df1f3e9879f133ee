using System.Globalization;

namespace Teraslice.Akka.Bench;

/// <summary>Linux /proc readings of a process: peak RSS and CPU time. Null where /proc does not answer.</summary>
public static class ProcStats
{
    // /proc/PID/stat counts CPU time in clock ticks; USER_HZ is 100 on every Linux ABI .NET runs on
    private const double TicksPerSecond = 100;

    /// <summary>VmHWM: the peak resident set size since start (or since <see cref="ResetPeakRss"/>), in MB.</summary>
    public static double? PeakRssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return Math.Round(long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0, 1);
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>
    /// Resets VmHWM to the current RSS (writing 5 to /proc/PID/clear_refs), so the next reading is
    /// the peak of what runs in between rather than of the process's whole life. False if refused.
    /// </summary>
    public static bool ResetPeakRss(int pid)
    {
        // the harness's own heap from earlier runs would count in its peak: give it back first
        if (pid == Environment.ProcessId) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>User + system CPU seconds the process has used (fields 14 and 15 of /proc/PID/stat).</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // the command name (field 2) may hold spaces and parentheses: count fields after its closing ')'
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// CPU seconds by thread name (.NET names its threads: ".NET TP Worker", ".NET Tiered Com",
    /// ".NET BGC", ...), for threads alive now; threads that ended are not counted.
    /// </summary>
    public static Dictionary<string, double> ThreadCpuSeconds(int pid)
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(');
                    var close = stat.LastIndexOf(')');
                    var name = stat[(open + 1)..close];
                    var fields = stat[(close + 2)..].Split(' ');
                    var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                    byName[name] = byName.GetValueOrDefault(name) + seconds;
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException)
        {
        }
        return byName;
    }

    /// <summary>
    /// What the threads of <paramref name="before"/> → <paramref name="after"/> used, biggest first,
    /// e.g. ".NET TP Worker 0.69 s, .NET Tiered Com 0.24 s".
    /// </summary>
    public static string ThreadCpuDelta(Dictionary<string, double> before, Dictionary<string, double> after, int top = 6) =>
        string.Join(", ", after
            .Select(kv => (Name: kv.Key, Seconds: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(t => t.Seconds > 0)
            .OrderByDescending(t => t.Seconds)
            .Take(top)
            .Select(t => $"{t.Name.Trim()} {t.Seconds:F2} s"));

    /// <summary>CPU seconds all processes of the machine have used (busy time of the first line of /proc/stat).</summary>
    public static double? MachineBusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy
            long busy = 0;
            foreach (var i in new[] { 1, 2, 3, 6, 7, 8 }) busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            return busy / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages, as /proc/loadavg writes them.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
