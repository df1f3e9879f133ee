namespace Teraslice.Akka.Operations.Builtin;

/// <summary><c>noop</c>: passes the records through unchanged.</summary>
public sealed class Noop : ProcessorDefinition<EmptyOpConfig, NoopProcessor>
{
    public override string Name => "noop";
    public override string Description => "Passes the records through unchanged";
}

public sealed class NoopProcessor : BatchProcessor<EmptyOpConfig>
{
    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct) =>
        ValueTask.FromResult(data);
}
