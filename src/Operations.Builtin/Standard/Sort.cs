using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>sort</c>: orders a slice's records by a field (dotted paths reach nested fields), <c>asc</c>
/// or <c>desc</c>, keeping the order of equal values. Numbers compare as numbers, texts (ISO dates
/// included) by character code; records without the value come last.
/// </summary>
public sealed class Sort : ProcessorDefinition<SortConfig, SortProcessor>
{
    public override string Name => "sort";
    public override string Description => "Sorts a slice's records by a field";
}

public sealed record SortConfig : OpConfig
{
    /// <summary>The field to sort on (upstream's default "" sorts nothing, so it is required here).</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Field { get; init; } = null!;

    /// <summary><c>asc</c> (default) or <c>desc</c>.</summary>
    [OneOf("asc", "desc")]
    public string Order { get; init; } = "asc";
}

public sealed class SortProcessor : BatchProcessor<SortConfig>
{
    private FieldPath _field = null!;
    private bool _descending;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        _field = new FieldPath(Config.Field);
        _descending = Config.Order == "desc";
        return ValueTask.CompletedTask;
    }

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        if (data.Count < 2) return ValueTask.FromResult(data);
        // each value read once; the position breaks ties, which makes the sort stable (as upstream's timsort)
        var entries = new Entry[data.Count];
        for (var i = 0; i < entries.Length; i++) entries[i] = new Entry(_field.Get(data[i]), i);
        var descending = _descending;
        Array.Sort(entries, (a, b) =>
        {
            var missingA = a.Value is null;
            if (missingA != (b.Value is null)) return missingA ? 1 : -1;
            var order = JsValues.Compare(a.Value, b.Value);
            if (descending) order = -order;
            return order != 0 ? order : a.Position.CompareTo(b.Position);
        });
        var sorted = new List<DataEntity>(data.Count);
        foreach (var entry in entries) sorted.Add(data[entry.Position]);
        return ValueTask.FromResult(sorted);
    }

    private readonly record struct Entry(object? Value, int Position);
}
