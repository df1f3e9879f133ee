using System.Text.Json.Serialization;

namespace Teraslice.Akka.Operations.Builtin;

/// <summary><c>delay</c>: waits <c>ms</c> milliseconds per slice, then passes the records through.</summary>
public sealed class Delay : ProcessorDefinition<DelayConfig, DelayProcessor>
{
    public override string Name => "delay";
    public override string Description => "Waits a while on each slice, then passes the records through";
}

public sealed record DelayConfig : OpConfig
{
    /// <summary>How long to wait per slice: milliseconds, or a duration text such as "2 seconds". Default 100.</summary>
    [JsonConverter(typeof(DurationMillisecondsConverter))]
    [NonNegative]
    public long Ms { get; init; } = 100;
}

public sealed class DelayProcessor : BatchProcessor<DelayConfig>
{
    public override async ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        if (Config.Ms > 0) await Task.Delay(TimeSpan.FromMilliseconds(Config.Ms), ct);
        return data;
    }
}
