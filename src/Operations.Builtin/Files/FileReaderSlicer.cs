using System.Text;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// Cuts the files under <c>path</c> into <see cref="FileSlice"/>s. Files are visited in a fixed
/// order (depth first, names sorted ordinally, names starting with a dot and symbolic links
/// skipped), so a recovered slicer resumes right after its last slice: the rest of that file, then
/// the files after it. With <c>slicers &gt; 1</c> each slicer takes the ranges whose
/// (hash of the file's path + range number) modulo the slicer count is its id: the share of a
/// file never depends on the other files, and big files spread over every slicer.
/// </summary>
public sealed class FileReaderSlicer : Slicer<FileReaderConfig>
{
    private IEnumerator<FileSlice>? _slices;

    public override bool IsRecoverable => true;

    public override int? MaxQueueLength => Math.Max(10, Context.Execution.Workers * 3);

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        var root = System.IO.Path.GetFullPath(Config.Path);
        if (Directory.Exists(root))
        {
            if (!Directory.EnumerateFileSystemEntries(root).Any())
                throw new InvalidOperationException($"file_reader: path \"{root}\" is an empty directory; nothing to read");
        }
        else if (!File.Exists(root))
        {
            throw new InvalidOperationException($"file_reader: path \"{root}\" does not exist (it must be a file or a directory every worker can read)");
        }
        var last = Recovery?.LastSlice?.As<FileSlice>();
        _slices = Cut(root, last).GetEnumerator();
        return ValueTask.CompletedTask;
    }

    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct)
    {
        var batch = new List<object>();
        var max = MaxQueueLength ?? 10;
        while (batch.Count < max)
        {
            if (!_slices!.MoveNext()) return ValueTask.FromResult(batch.Count == 0 ? SliceResult.Done : SliceResult.Last(batch));
            batch.Add(_slices.Current);
        }
        return ValueTask.FromResult(SliceResult.Many(batch));
    }

    public override ValueTask DisposeAsync()
    {
        _slices?.Dispose();
        return base.DisposeAsync();
    }

    private IEnumerable<FileSlice> Cut(string root, FileSlice? last)
    {
        var slicers = Math.Max(1, Context.Execution.Slicers);
        var delimiterLength = Encoding.UTF8.GetByteCount(Config.EffectiveLineDelimiter);
        var lastPath = last is null ? null : System.IO.Path.GetFullPath(last.Path);
        foreach (var file in FileWalker.Walk(root, Context.Logger))
        {
            var order = lastPath is null ? 1 : FileWalker.Compare(file.FullName, lastPath);
            if (order < 0) continue;
            var hash = slicers == 1 ? 0u : StableHash(System.IO.Path.GetRelativePath(root, file.FullName));
            var number = 0L;
            foreach (var (offset, length) in Segment(file.Length, delimiterLength))
            {
                var mine = slicers == 1 || (int)((hash + (ulong)number) % (ulong)slicers) == Context.SlicerId;
                number++;
                if (!mine || (order == 0 && offset <= last!.Offset)) continue;
                yield return new FileSlice(file.FullName, offset, length, file.Length);
            }
        }
    }

    /// <summary>Upstream's segmentFile: one range per file, or ranges of <c>size</c> that (but the first) start a delimiter early.</summary>
    internal IEnumerable<(long Offset, long Length)> Segment(long total, int delimiterLength)
    {
        if (total == 0) yield break; // nothing to read (upstream cuts no range either)
        var size = Config.Size;
        if (Config.WholeFiles || total <= size)
        {
            yield return (0, total);
            yield break;
        }
        var full = total / size;
        yield return (0, size);
        for (var k = 1; k < full; k++) yield return (k * size - delimiterLength, size + delimiterLength);
        if (total % size > 0) yield return (full * size - delimiterLength, total % size + delimiterLength);
    }

    /// <summary>FNV-1a over the UTF-16 of a path: the same on every node and run (string.GetHashCode is not).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}

/// <summary>The files under a path in a fixed order.</summary>
internal static class FileWalker
{
    /// <summary>Depth first, entries sorted ordinally by name; dot names and symbolic links skipped (no cycles).</summary>
    public static IEnumerable<FileInfo> Walk(string root, ILogger logger)
    {
        if (File.Exists(root))
        {
            yield return new FileInfo(root);
            yield break;
        }
        var entries = new DirectoryInfo(root).EnumerateFileSystemInfos()
            .Where(e => !e.Name.StartsWith('.'))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var entry in entries)
        {
            if (entry.LinkTarget is not null)
            {
                logger.LogWarning("file_reader skips {Path}: symbolic links are not followed", entry.FullName);
                continue;
            }
            if (entry is DirectoryInfo directory)
            {
                foreach (var file in Walk(directory.FullName, logger)) yield return file;
            }
            else if (entry is FileInfo file)
            {
                yield return file;
            }
        }
    }

    /// <summary>The walk's order: paths compared segment by segment, ordinally.</summary>
    public static int Compare(string a, string b)
    {
        var x = a.Split(System.IO.Path.DirectorySeparatorChar);
        var y = b.Split(System.IO.Path.DirectorySeparatorChar);
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var c = string.CompareOrdinal(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }
}
