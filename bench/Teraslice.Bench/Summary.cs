namespace Teraslice.Akka.Bench;

/// <summary>The median of the ok runs of each workload × mode × worker count, as a Markdown table (stderr).</summary>
public static class Summary
{
    public static void Write(IReadOnlyList<RunResult> results, TextWriter log)
    {
        if (results.Count == 0) return;
        log.WriteLine("| workload | mode | workers | ok | records/s median (min–max) | slices/s median (min–max) | seconds | peak RSS MB | other load (cores) |");
        log.WriteLine("|---|---|---:|---|---:|---:|---:|---|---:|");
        foreach (var group in results.GroupBy(r => (r.Workload, r.Mode, r.Workers)))
        {
            var ok = group.Where(r => r.Ok).ToList();
            var okText = $"{ok.Count}/{group.Count()}";
            if (ok.Count == 0)
            {
                log.WriteLine($"| {group.Key.Workload} | {group.Key.Mode} | {group.Key.Workers} | {okText} | – | – | – | – | – |");
                continue;
            }
            var rss = string.Join(", ", ok[0].PeakRssMb.Keys.Select(k => $"{k} {Median(ok.Select(r => r.PeakRssMb.GetValueOrDefault(k))):F0}"));
            log.WriteLine($"| {group.Key.Workload} | {group.Key.Mode} | {group.Key.Workers} | {okText} | " +
                          $"{Median(ok.Select(r => r.RecordsPerSec)):N0} ({ok.Min(r => r.RecordsPerSec):N0}–{ok.Max(r => r.RecordsPerSec):N0}) | " +
                          $"{Median(ok.Select(r => r.SlicesPerSec)):N0} ({ok.Min(r => r.SlicesPerSec):N0}–{ok.Max(r => r.SlicesPerSec):N0}) | " +
                          $"{Median(ok.Select(r => r.Seconds)):F3} | {rss} | {Others(group)} |");
        }
    }

    /// <summary>What the other processes of the machine used during the runs, in cores.</summary>
    private static string Others(IEnumerable<RunResult> runs)
    {
        var known = runs.Select(r => r.OtherProcessesCores).OfType<double>().ToList();
        return known.Count == 0 ? "n/a" : $"median {Median(known):F2}, max {known.Max():F2}";
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
