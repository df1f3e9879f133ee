using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Standard;

// The small per-record field edits of standard-assets: drop_field, copy_field,
// remove_empty_fields and set_key.

/// <summary><c>drop_field</c>: removes a top-level field from every record (as upstream, a dotted name is a literal key).</summary>
public sealed class DropField : ProcessorDefinition<DropFieldConfig, DropFieldProcessor>
{
    public override string Name => "drop_field";
    public override string Description => "Removes a field from every record";
}

public sealed record DropFieldConfig : OpConfig
{
    /// <summary>The field to remove.</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Field { get; init; } = null!;
}

public sealed class DropFieldProcessor : MapProcessor<DropFieldConfig>
{
    public override DataEntity Map(DataEntity record)
    {
        record.Remove(Config.Field);
        return record;
    }
}

/// <summary>
/// <c>copy_field</c>: copies the value of <c>source</c> to <c>destination</c> (dotted paths reach
/// nested fields); an absent or null source copies nothing. <c>delete_source</c> then removes the source.
/// </summary>
public sealed class CopyField : ProcessorDefinition<CopyFieldConfig, CopyFieldProcessor>
{
    public override string Name => "copy_field";
    public override string Description => "Copies a field's value to another field";
}

public sealed record CopyFieldConfig : OpConfig
{
    /// <summary>The field to copy from.</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Source { get; init; } = null!;

    /// <summary>The field to copy to.</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Destination { get; init; } = null!;

    /// <summary>Remove the source field afterwards (default false).</summary>
    public bool DeleteSource { get; init; }
}

public sealed class CopyFieldProcessor : MapProcessor<CopyFieldConfig>
{
    private FieldPath _source = null!;
    private FieldPath _destination = null!;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        _source = new FieldPath(Config.Source);
        _destination = new FieldPath(Config.Destination);
        return ValueTask.CompletedTask;
    }

    public override DataEntity Map(DataEntity record)
    {
        if (_source.Get(record) is { } value) _destination.Set(record, value);
        // upstream deletes only a top-level source; a nested one is removed too here
        if (Config.DeleteSource) _source.Remove(record);
        return record;
    }
}

/// <summary>
/// <c>remove_empty_fields</c>: removes the top-level fields whose value is null, a blank text, an
/// empty list or an empty object. Numbers and booleans are never empty.
/// </summary>
public sealed class RemoveEmptyFields : ProcessorDefinition<EmptyOpConfig, RemoveEmptyFieldsProcessor>
{
    public override string Name => "remove_empty_fields";
    public override string Description => "Removes null, blank, empty-list and empty-object fields";
}

public sealed class RemoveEmptyFieldsProcessor : MapProcessor<EmptyOpConfig>
{
    public override DataEntity Map(DataEntity record)
    {
        // collected first: a record cannot change while it is enumerated; most records have no empty field
        string[]? empty = null;
        var count = 0;
        foreach (var (key, value) in record)
        {
            if (!IsEmpty(value)) continue;
            empty ??= new string[record.Count];
            empty[count++] = key;
        }
        for (var i = 0; i < count; i++) record.Remove(empty![i]);
        return record;
    }

    internal static bool IsEmpty(object? value) => value switch
    {
        null => true,
        bool => false,
        string s => string.IsNullOrWhiteSpace(s),
        DataEntity entity => entity.Count == 0,
        ICollection collection => collection.Count == 0,
        IEnumerable<KeyValuePair<string, object?>> map => !map.Any(),
        _ => false,
    };
}

/// <summary><c>set_key</c>: sets each record's <c>_key</c> metadata to the value of a top-level field (absent: no key).</summary>
public sealed class SetKey : ProcessorDefinition<SetKeyConfig, SetKeyProcessor>
{
    public override string Name => "set_key";
    public override string Description => "Sets the _key metadata from a field";
}

public sealed record SetKeyConfig : OpConfig
{
    /// <summary>The field holding the key (default <c>_key</c>).</summary>
    [NonEmpty]
    public string Field { get; init; } = "_key";
}

public sealed class SetKeyProcessor : MapProcessor<SetKeyConfig>
{
    public override DataEntity Map(DataEntity record)
    {
        record.Key = record.Get(Config.Field);
        return record;
    }
}
