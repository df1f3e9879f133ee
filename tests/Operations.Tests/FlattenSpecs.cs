using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

/// <summary>Settings two test configs share.</summary>
public sealed record SharedSpecsSettings : IValidatableObject
{
    public string? Target { get; init; }

    [Positive]
    public int Batch { get; init; } = 5;

    [Deprecated("use batch")]
    public bool Legacy { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Legacy && Batch > 1) yield return new("must be false when batch is more than 1", [nameof(Legacy)]);
    }
}

public sealed record SharedSpecsOpConfig : OpConfig, IValidatableObject
{
    [Flatten]
    public SharedSpecsSettings Shared { get; init; } = new();

    [OneOf("a", "b")]
    public string Mode { get; init; } = "a";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == "b" && Shared.Target is null) yield return new("is required when mode is b", [nameof(Shared.Target)]);
    }
}

public sealed record SharedSpecsApiConfig : ApiConfig
{
    [Flatten(Required = [nameof(SharedSpecsSettings.Target)])]
    public SharedSpecsSettings Shared { get; init; } = new();
}

public sealed class FlattenSpecs
{
    private static JsonObject Raw(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static IReadOnlyList<string> Errors<T>(string json) where T : class
    {
        ConfigBinder.Bind<T>(Raw(json), out var errors);
        return errors;
    }

    [Fact]
    public void A_flattened_record_should_be_read_and_written_flat()
    {
        var raw = Raw("""{"_op":"x","target":"t","batch":"7","other":1,"shared":{"batch":1}}""");
        var config = ConfigBinder.Bind<SharedSpecsOpConfig>(raw, out var errors)!;

        Assert.Empty(errors);
        Assert.Equal(new SharedSpecsSettings { Target = "t", Batch = 7 }, config.Shared);
        // "shared" is no field: an unknown key, kept as it came
        Assert.Equal("""{"_op":"x","target":"t","batch":7,"other":1,"shared":{"batch":1},"legacy":false,"mode":"a","_encoding":"json","_dead_letter_action":"throw"}""",
            ConfigBinder.WithDefaults(raw, config).ToJsonString());
    }

    [Theory]
    [InlineData("""{"_op":"x","batch":0}""", "batch: must be a positive integer, got 0")]
    [InlineData("""{"_op":"x","batch":"many"}""", "batch: must be an integer, got \"many\"")]
    [InlineData("""{"_op":"x","legacy":true}""", "legacy: must be false when batch is more than 1, got true")]
    [InlineData("""{"_op":"x","mode":"b"}""", "target: is required when mode is b, got nothing")]
    public void Errors_should_name_the_flat_field(string json, string expected) =>
        Assert.Equal([expected], Errors<SharedSpecsOpConfig>(json));

    [Fact]
    public void Records_own_rules_should_wait_for_every_attribute_to_pass_as_for_one_record() =>
        Assert.Equal(["mode: must be one of: a, b, got \"c\""], Errors<SharedSpecsOpConfig>("""{"_op":"x","legacy":true,"mode":"c"}"""));

    [Fact]
    public void A_config_should_be_able_to_require_a_flattened_setting()
    {
        Assert.Empty(Errors<SharedSpecsOpConfig>("""{"_op":"x"}"""));
        Assert.Equal(["target: is required, got nothing", "batch: must be a positive integer, got 0"],
            Errors<SharedSpecsApiConfig>("""{"_name":"n","batch":0}"""));
        Assert.Equal(["target: is required, got \" \""], Errors<SharedSpecsApiConfig>("""{"_name":"n","target":" "}"""));
    }

    [Fact]
    public void Deprecated_flattened_settings_should_be_warned_about_by_their_flat_name() =>
        Assert.Equal([("legacy", "use batch")], new SharedSpecsOp().Deprecations(Raw("""{"_op":"x","legacy":false}""")));

    private sealed class SharedSpecsOp : ProcessorDefinition<SharedSpecsOpConfig, SharedSpecsProcessor>
    {
        public override string Name => "shared_specs";
    }

    private sealed class SharedSpecsProcessor : BatchProcessor<SharedSpecsOpConfig>
    {
        public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct) => ValueTask.FromResult(data);
    }
}
