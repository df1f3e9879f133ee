using System.Text.Json.Nodes;
using Teraslice.Akka.Operations.Standard;

namespace Teraslice.Akka.Operations.Builtin;

/// <summary>
/// <c>set_field</c> (standard-assets): sets a field to a value on every record; dotted paths reach
/// nested fields (created as needed). A field already present, even null, is left alone unless
/// <c>overwrite</c> is true.
/// </summary>
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

    /// <summary>The value (any JSON but null).</summary>
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "is required and cannot be null")]
    public JsonNode? Value { get; init; }

    /// <summary>Replace the field when the record already has one (default false, as upstream).</summary>
    public bool Overwrite { get; init; }
}

public sealed class SetFieldProcessor : MapProcessor<SetFieldConfig>
{
    private FieldPath? _path;
    private object? _value;

    public override DataEntity Map(DataEntity record)
    {
        // bound on first use: tests create the processor without initializing it
        var path = _path ??= Bind();
        if (!path.IsNested)
        {
            if (Config.Overwrite || !record.ContainsKey(path.Path)) record.Set(path.Path, _value);
            return record;
        }
        if (Config.Overwrite || !path.TryGet(record, out _)) path.Set(record, _value);
        return record;
    }

    private FieldPath Bind()
    {
        // every record gets the same value instance, as upstream's shared opConfig.value
        _value = DataEntityJson.FromNode(Config.Value);
        return new FieldPath(Config.Field);
    }
}
