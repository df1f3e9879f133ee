using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Testing;

/// <summary>
/// <c>slice_log</c>: a test sink that appends one line per slice it completes to a file,
/// <c>slice_id TAB slicer_order TAB records</c>, so a test can check that every slice ran and how
/// often. Records pass through. Lines of concurrent workers never interleave or overwrite each
/// other, also when the workers are in several node processes on one host sharing the file.
/// </summary>
public sealed class SliceLog : ProcessorDefinition<SliceLogConfig, SliceLogProcessor>
{
    public override string Name => "slice_log";
    public override string Description => "Test sink: appends each slice's id, order and record count to a file";
}

public sealed record SliceLogConfig : OpConfig
{
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Path { get; init; } = null!;
}

public sealed class SliceLogProcessor : BatchProcessor<SliceLogConfig>
{
    /// <summary>How long a write waits for another process's writer before it fails the slice.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    // the workers of this process, one at a time
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public override async ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var line = System.Text.Encoding.UTF8.GetBytes($"{slice.SliceId}\t{slice.SlicerOrder}\t{data.Count}\n");
        await Gate.WaitAsync(ct);
        try
        {
            await AppendAsync(Config.Path, line, ct);
        }
        finally
        {
            Gate.Release();
        }
        return data;
    }

    /// <summary>
    /// FileMode.Append is not O_APPEND: it seeks to the end when the file is opened, so two
    /// processes appending at once write at the same offset and one line overwrites the other.
    /// The file is opened exclusively instead (on Unix an advisory flock that every slice_log
    /// writer takes), waiting while another process's writer holds it.
    /// </summary>
    private static async Task AppendAsync(string path, byte[] line, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
                                        && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, ct); // another process is writing its line
                continue;
            }
            using (file)
            {
                file.Write(line);
                file.Flush(flushToDisk: true); // a test may kill the node right after
            }
            return;
        }
    }
}
