using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>count_by_field</c>: with <c>collect_metrics</c>, counts the records of each value of a
/// top-level field. Upstream increments a Prometheus counter <c>&lt;op&gt;_count_total</c> labelled by
/// value; here each value adds to a slice counter <c>count_by_field.&lt;field&gt;.&lt;value&gt;</c>
/// (the value as JSON, so <c>"6"</c> and <c>6</c> stay apart; <c>undefined</c> when absent),
/// summed into the execution's <c>_slicer_stats.counters</c>. Records pass through unchanged.
/// </summary>
public sealed class CountByField : ProcessorDefinition<CountByFieldConfig, CountByFieldProcessor>
{
    public override string Name => "count_by_field";
    public override string Description => "Counts records per value of a field (slice counters)";

    /// <summary>The counter a value of a field adds to.</summary>
    public static string CounterName(string field, object? value, bool found) =>
        $"count_by_field.{field}.{(found ? JsValues.ToJson(value) : "undefined")}";
}

public sealed record CountByFieldConfig : OpConfig
{
    /// <summary>The field whose values are counted.</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Field { get; init; } = null!;

    /// <summary>Accepted for compatibility: counters need no metric API here.</summary>
    public string MetricApiName { get; init; } = "job_metric_api";

    /// <summary>Count (default false: the operation does nothing, as upstream).</summary>
    public bool CollectMetrics { get; init; }
}

public sealed class CountByFieldProcessor : BatchProcessor<CountByFieldConfig>
{
    private const int MaxCachedNames = 10_000;

    private readonly Dictionary<object, long> _counts = new(JsValues.SameValueComparer);
    // nested values compare by reference, so they are counted by their counter name instead
    private readonly Dictionary<string, long> _nestedCounts = new(StringComparer.Ordinal);
    // counter names by value, so a value seen before costs no new string
    private readonly Dictionary<object, string> _names = new(JsValues.SameValueComparer);

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        if (!Config.CollectMetrics || data.Count == 0) return ValueTask.FromResult(data);
        var field = Config.Field;
        foreach (var record in data)
        {
            var found = record.TryGetValue(field, out var value);
            if (value is DataEntity or System.Collections.IEnumerable and not string)
            {
                var name = CountByField.CounterName(field, value, true);
                _nestedCounts[name] = _nestedCounts.TryGetValue(name, out var m) ? m + 1 : 1;
                continue;
            }
            var key = JsValues.KeyOf(found, value);
            _counts[key] = _counts.TryGetValue(key, out var n) ? n + 1 : 1;
        }
        foreach (var (key, count) in _counts) slice.AddCounter(NameOf(key), count);
        foreach (var (name, count) in _nestedCounts) slice.AddCounter(name, count);
        _counts.Clear();
        _nestedCounts.Clear();
        return ValueTask.FromResult(data);
    }

    private string NameOf(object key)
    {
        if (_names.TryGetValue(key, out var name)) return name;
        name = ReferenceEquals(key, JsValues.Undefined) ? CountByField.CounterName(Config.Field, null, false)
            : ReferenceEquals(key, JsValues.Null) ? CountByField.CounterName(Config.Field, null, true)
            : CountByField.CounterName(Config.Field, key, true);
        if (_names.Count < MaxCachedNames) _names[key] = name;
        return name;
    }
}
