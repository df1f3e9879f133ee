using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>filter_by_required_fields</c>: keeps the records that have all (<c>AND</c>) or any
/// (<c>OR</c>) of <c>required_fields</c> with a real value: not absent, null, <c>""</c>,
/// <c>"null"</c>, <c>"NA"</c> or <c>"N/A"</c>. <c>invert</c> keeps the others instead.
/// </summary>
public sealed class FilterByRequiredFields : ProcessorDefinition<FilterByRequiredFieldsConfig, FilterByRequiredFieldsProcessor>
{
    public override string Name => "filter_by_required_fields";
    public override string Description => "Keeps records that have all (or any) of the required fields";
}

public sealed record FilterByRequiredFieldsConfig : OpConfig
{
    /// <summary>Top-level fields that must have a value.</summary>
    [Required(ErrorMessage = "is required (an array of field names)")]
    [NonEmptyNames]
    public List<string>? RequiredFields { get; init; }

    /// <summary><c>AND</c> (every field, default) or <c>OR</c> (at least one); any letter case.</summary>
    [FilterType]
    public string FilterType { get; init; } = "AND";

    /// <summary>Keep the records that lack them instead.</summary>
    public bool Invert { get; init; }

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class FilterTypeAttribute() : ValidationAttribute("must be \"AND\" or \"OR\"")
    {
        public override bool IsValid(object? value) =>
            value is string s && (s.Equals("and", StringComparison.OrdinalIgnoreCase) || s.Equals("or", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class FilterByRequiredFieldsProcessor : FilterProcessor<FilterByRequiredFieldsConfig>
{
    private string[] _fields = [];
    private bool _any;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        _fields = [.. Config.RequiredFields!];
        // upstream compares with "OR" exactly, so a lower-case "or" it accepts acts as AND; here it means OR
        _any = Config.FilterType.Equals("or", StringComparison.OrdinalIgnoreCase);
        return ValueTask.CompletedTask;
    }

    public override bool Filter(DataEntity record)
    {
        var keep = _any ? HasAny(record) : HasAll(record);
        return Config.Invert ? !keep : keep;
    }

    private bool HasAll(DataEntity record)
    {
        foreach (var field in _fields)
            if (!HasValue(record.Get(field))) return false;
        return true;
    }

    private bool HasAny(DataEntity record)
    {
        foreach (var field in _fields)
            if (HasValue(record.Get(field))) return true;
        return false;
    }

    private static bool HasValue(object? value) =>
        value is not null && (value is not string s || s is not ("" or "null" or "NA" or "N/A"));
}
