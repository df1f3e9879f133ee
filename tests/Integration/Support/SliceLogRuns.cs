namespace Teraslice.Akka.Integration.Support;

/// <summary>One line of a <c>slice_log</c> file: one run of a slice that reached the end of the pipeline.</summary>
public sealed record SliceRun(int Line, string SliceId, long Order, long Records);

/// <summary>
/// What a <c>slice_log</c> file (written by the workers of every node of a cluster) says: which
/// slices ran, and how often. The assertions list every problem at once.
/// </summary>
public sealed class SliceLogRuns
{
    private SliceLogRuns(IReadOnlyList<SliceRun> runs) => Runs = runs;

    public IReadOnlyList<SliceRun> Runs { get; }

    /// <summary>Slice ids that ran more than once, with their runs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SliceRun>> Reruns =>
        Runs.GroupBy(r => r.SliceId).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => (IReadOnlyList<SliceRun>)g.ToList());

    /// <summary>Reads the file (an empty log if it does not exist yet), waiting while a node's writer holds it.</summary>
    public static async Task<SliceLogRuns> ReadAsync(string path)
    {
        if (!File.Exists(path)) return new SliceLogRuns([]);
        var text = await SliceLogLock.ReadAllTextAsync(path);
        var lines = text.Split('\n');
        if (lines[^1].Length == 0) lines = lines[..^1]; // the newline that ends the last line
        var runs = new List<SliceRun>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length != 3 || !long.TryParse(fields[1], out var order) || !long.TryParse(fields[2], out var records))
                throw new Xunit.Sdk.XunitException($"line {i + 1} of the slice log {path} is not \"slice_id TAB order TAB records\": \"{lines[i]}\"");
            runs.Add(new SliceRun(i + 1, fields[0], order, records));
        }
        return new SliceLogRuns(runs);
    }

    /// <summary>
    /// Every slicer order 1..<paramref name="slices"/> ran, each order is one slice id (and each id
    /// one order), every run saw <paramref name="recordsPerSlice"/> records, nothing else ran.
    /// </summary>
    public void ShouldCoverEverySlice(long slices, long recordsPerSlice)
    {
        var problems = new List<string>();
        var orders = Runs.Select(r => r.Order).ToHashSet();
        var missing = Enumerable.Range(1, (int)slices).Where(o => !orders.Contains(o)).ToList();
        if (missing.Count > 0) problems.Add($"{missing.Count} slicer order(s) never ran: {string.Join(", ", missing.Take(20))}");
        var strange = Runs.Where(r => r.Order < 1 || r.Order > slices).ToList();
        if (strange.Count > 0) problems.Add($"runs of orders outside 1..{slices}: {string.Join(", ", strange.Take(10))}");
        foreach (var g in Runs.GroupBy(r => r.Order).Where(g => g.Select(r => r.SliceId).Distinct().Count() > 1))
            problems.Add($"order {g.Key} ran as several slice ids: {string.Join(", ", g.Select(r => r.SliceId).Distinct())}");
        foreach (var g in Runs.GroupBy(r => r.SliceId).Where(g => g.Select(r => r.Order).Distinct().Count() > 1))
            problems.Add($"slice {g.Key} ran with several orders: {string.Join(", ", g.Select(r => r.Order).Distinct())}");
        var partial = Runs.Where(r => r.Records != recordsPerSlice).ToList();
        if (partial.Count > 0) problems.Add($"runs without {recordsPerSlice} records: {string.Join(", ", partial.Take(10))}");
        Assert.True(problems.Count == 0, $"the slice log ({Runs.Count} runs) should cover slices 1..{slices} once each:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>No slice ran twice.</summary>
    public void ShouldRunEachSliceOnce()
    {
        var reruns = Reruns;
        Assert.True(reruns.Count == 0,
            $"no slice should run twice, but {reruns.Count} did: {string.Join("; ", reruns.Select(kv => $"{kv.Key} (order {kv.Value[0].Order}) at lines {string.Join(", ", kv.Value.Select(r => r.Line))}"))}");
    }

    /// <summary>
    /// Slices ran twice at most, no more than <paramref name="most"/> of them; when
    /// <paramref name="firstRunBeforeLine"/> is given, each slice that ran again had its first run
    /// among the lines written before then (it was held by what died then).
    /// </summary>
    public void ShouldRerunOnly(int most, int? firstRunBeforeLine, string why)
    {
        var reruns = Reruns;
        var problems = new List<string>();
        if (reruns.Count > most) problems.Add($"{reruns.Count} slices ran again, more than the {most} that {why} could hold");
        foreach (var (id, runs) in reruns)
        {
            if (runs.Count > 2) problems.Add($"slice {id} (order {runs[0].Order}) ran {runs.Count} times, at lines {string.Join(", ", runs.Select(r => r.Line))}");
            if (firstRunBeforeLine is { } line && runs[0].Line > line)
                problems.Add($"slice {id} (order {runs[0].Order}) first ran at line {runs[0].Line}, after the {line} lines written before {why} was gone, and again at line {runs[1].Line}");
        }
        Assert.True(problems.Count == 0, $"re-runs should be only slices {why} held:\n  " + string.Join("\n  ", problems));
    }
}
