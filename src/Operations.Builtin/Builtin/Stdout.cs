using System.Text;

namespace Teraslice.Akka.Operations.Builtin;

/// <summary><c>stdout</c>: writes the records of each slice to the node's standard output as JSON lines (debugging).</summary>
public sealed class Stdout : ProcessorDefinition<StdoutConfig, StdoutProcessor>
{
    public override string Name => "stdout";
    public override string Description => "Writes records to the node's standard output, one JSON object per line";
}

public sealed record StdoutConfig : OpConfig
{
    /// <summary>At most this many records of each slice are written; null writes all.</summary>
    [NonNegative]
    public int? Limit { get; init; }
}

public sealed class StdoutProcessor : BatchProcessor<StdoutConfig>
{
    /// <summary>Where the lines go; the console unless a test swaps it.</summary>
    internal TextWriter Output { get; set; } = Console.Out;

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var count = Config.Limit is { } limit ? Math.Min(limit, data.Count) : data.Count;
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(DataEntityJson.Serialize(data[i])).Append('\n');
        // one write per slice keeps lines of concurrent workers from interleaving
        lock (Output) Output.Write(text.ToString());
        return ValueTask.FromResult(data);
    }
}
