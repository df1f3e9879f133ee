using System.ComponentModel.DataAnnotations;
using Teraslice.Akka.Operations;

namespace EmbeddedWorker;

/// <summary><c>shout</c>: upper-cases one text field of every record. Registered in code: no asset bundle.</summary>
public sealed class Shout : ProcessorDefinition<ShoutConfig, ShoutProcessor>
{
    public override string Name => "shout";
}

public sealed record ShoutConfig : OpConfig
{
    [Required(ErrorMessage = "is required"), NonEmpty]
    public string Field { get; init; } = null!;
}

public sealed class ShoutProcessor : EachProcessor<ShoutConfig>
{
    public override void ForEach(DataEntity record)
    {
        if (record.TryGetValue(Config.Field, out var value) && value is string text) record.Set(Config.Field, text.ToUpperInvariant() + "!");
    }
}
