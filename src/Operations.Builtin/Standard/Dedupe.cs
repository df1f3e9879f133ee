using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>dedupe</c>: keeps the first record of each value of <c>field</c> (a top-level field; without
/// it, the <c>_key</c> metadata) within a slice, in order. <c>adjust_time</c> carries the oldest or
/// newest date of the duplicates into the kept record. Records without the field share one value
/// (as upstream); without a field configured, a record without a <c>_key</c> is rejected.
/// </summary>
public sealed class Dedupe : ProcessorDefinition<DedupeConfig, DedupeProcessor>
{
    public override string Name => "dedupe";
    public override string Description => "Keeps the first record of each field (or _key) value in a slice";
}

public sealed record DedupeConfig : OpConfig
{
    /// <summary>The field to dedupe on; absent: the <c>_key</c> metadata.</summary>
    [NonEmpty]
    public string? Field { get; init; }

    /// <summary>Date fields whose oldest or newest value among duplicates the kept record gets.</summary>
    [AdjustTimeRules]
    public List<AdjustTimeRule> AdjustTime { get; init; } = [];

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class AdjustTimeRulesAttribute()
        : ValidationAttribute("must be an array of objects with a field and a preference of \"oldest\" or \"newest\"")
    {
        public override bool IsValid(object? value) =>
            value is null || value is List<AdjustTimeRule> rules && rules.TrueForAll(r =>
                r is not null && !string.IsNullOrWhiteSpace(r.Field) && r.Preference is "oldest" or "newest");
    }
}

/// <summary>One adjust_time entry.</summary>
public sealed record AdjustTimeRule(string Field, string Preference);

public sealed class DedupeProcessor : BatchProcessor<DedupeConfig>
{
    private readonly Dictionary<object, DataEntity> _seen = new(JsValues.SameValueComparer);

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        _seen.Clear();
        var field = Config.Field;
        var rules = Config.AdjustTime;
        var kept = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var record = data[i];
            object key;
            if (field is not null)
            {
                key = JsValues.KeyOf(record.TryGetValue(field, out var value), value);
            }
            else if (record.Key is { } k)
            {
                key = k;
            }
            else
            {
                RejectRecord(record, new InvalidOperationException("No key has been set in the metadata"));
                continue;
            }
            if (_seen.TryGetValue(key, out var first))
            {
                for (var r = 0; r < rules.Count; r++) Adjust(first, record, rules[r]);
                continue;
            }
            _seen.Add(key, record);
            data[kept++] = record;
        }
        data.RemoveRange(kept, data.Count - kept);
        _seen.Clear(); // the records are not kept alive until the next slice
        return ValueTask.FromResult(data);
    }

    /// <summary>Keeps the preferred of the two dates (an unreadable saved date gives way to a readable one).</summary>
    private static void Adjust(DataEntity saved, DataEntity incoming, AdjustTimeRule rule)
    {
        var incomingValue = incoming.Get(rule.Field);
        if (!JsValues.TryGetEpochMilliseconds(incomingValue, out var incomingAt)) return;
        if (JsValues.TryGetEpochMilliseconds(saved.Get(rule.Field), out var savedAt))
        {
            var newer = incomingAt > savedAt;
            if (rule.Preference == "newest" ? !newer : newer) return;
        }
        saved.Set(rule.Field, incomingValue);
    }
}
