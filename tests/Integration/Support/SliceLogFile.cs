using System.Globalization;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// What the <c>slice_log</c> test operation wrote: one line per slice that passed it,
/// <c>slice_id TAB slicer_order TAB records</c>. Placed after an operation, it lists the slices that
/// got past it; placed before a failing one, every attempt.
/// </summary>
public sealed class SliceLogFile(string path)
{
    public sealed record Line(string SliceId, long SlicerOrder, long Records);

    public string Path { get; } = path;

    /// <summary>The slice_log operation of a job spec, writing to this file.</summary>
    public string Operation => $$"""{"_op":"slice_log","path":{{System.Text.Json.JsonSerializer.Serialize(Path)}}}""";

    /// <summary>The complete lines so far (none when the file does not exist yet).</summary>
    public IReadOnlyList<Line> Read()
    {
        if (!File.Exists(Path)) return [];
        // a node's writer may hold the file's lock right now: wait for it (sync: callers poll)
        var text = SliceLogLock.ReadAllTextAsync(Path).GetAwaiter().GetResult();
        // a line is complete once its newline is written
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                var fields = line.Split('\t');
                if (fields.Length != 3
                    || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var order)
                    || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var records))
                    throw new Xunit.Sdk.XunitException($"{Path}: \"{line}\" is not slice_id TAB slicer_order TAB records");
                return new Line(fields[0], order, records);
            })
            .ToList();
    }

    /// <summary>The lines, one per line, for a failure message.</summary>
    public static string Describe(IEnumerable<Line> lines) =>
        string.Join("\n  ", lines.OrderBy(l => l.SlicerOrder).Select(l => $"{l.SlicerOrder,3} {l.SliceId} {l.Records}"));
}

/// <summary>A temporary directory of one test, deleted with it.</summary>
public sealed class ScratchDir : IDisposable
{
    public ScratchDir(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"teraslice-it-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A slice log file in this directory.</summary>
    public SliceLogFile SliceLog(string name) => new(System.IO.Path.Combine(Path, name + ".tsv"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a node may still hold a file a moment; the OS cleans the temp dir
        }
    }
}
