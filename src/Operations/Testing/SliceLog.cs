using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Testing;

/// <summary>
/// <c>slice_log</c>: a test sink that appends one line per slice it completes to a file,
/// <c>slice_id TAB slicer_order TAB records</c>, so a test can check that every slice ran and how
/// often. Records pass through. Lines of concurrent workers never interleave.
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
    private static readonly Lock Gate = new();

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var line = $"{slice.SliceId}\t{slice.SlicerOrder}\t{data.Count}\n";
        lock (Gate)
        {
            using var file = new FileStream(Config.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(System.Text.Encoding.UTF8.GetBytes(line));
            file.Flush(flushToDisk: true); // a test may kill the node right after
        }
        return ValueTask.FromResult(data);
    }
}
