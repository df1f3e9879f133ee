using System.Text.Json.Nodes;

namespace Teraslice.Akka.Operations.Builtin;

/// <summary><c>set_field</c> (standard-assets): sets a field to a value on every record.</summary>
public sealed class SetField : ProcessorDefinition<SetFieldConfig, SetFieldProcessor>
{
    public override string Name => "set_field";
    public override string Description => "Sets a field to a value on every record";
}

public sealed record SetFieldConfig : OpConfig
{
    /// <summary>The field to set.</summary>
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Field { get; init; } = null!;

    /// <summary>The value (any JSON).</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Replace the field when the record already has one (default true).</summary>
    public bool Overwrite { get; init; } = true;
}

public sealed class SetFieldProcessor : MapProcessor<SetFieldConfig>
{
    private object? _value;
    private bool _bound;

    public override DataEntity Map(DataEntity record)
    {
        if (!_bound)
        {
            _value = Config.Value is JsonArray ? Config.Value : DataEntityJson.FromNode(Config.Value);
            _bound = true;
        }
        if (Config.Overwrite || !record.ContainsKey(Config.Field)) record.Set(Config.Field, _value);
        return record;
    }
}
