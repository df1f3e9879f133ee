using System.ComponentModel.DataAnnotations;
using Teraslice.Akka.Operations;

namespace SampleAsset;

/// <summary>
/// <c>uppercase_field</c>: upper-cases a string field of every record. A record without the
/// field passes unchanged; a record whose field is not a string is rejected (dead letter), so
/// <c>_dead_letter_action</c> decides what happens to it. Counts what it changed in the slice
/// counter <c>uppercase_field.changed</c> (summed into the execution's <c>_slicer_stats.counters</c>).
/// </summary>
public sealed class UppercaseField : ProcessorDefinition<UppercaseFieldConfig, UppercaseFieldProcessor>
{
    public override string Name => "uppercase_field";
    public override string Description => "Upper-cases a string field of every record";

    /// <summary>Checks that need more than the field's own attributes; each problem names its field.</summary>
    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        var c = (UppercaseFieldConfig)config;
        if (c.Field.StartsWith('_')) yield return $"field: must name a data field, not metadata, got \"{c.Field}\"";
    }
}

/// <summary>The options of <c>uppercase_field</c> (snake_case in the job).</summary>
public sealed record UppercaseFieldConfig : OpConfig
{
    /// <summary>The top-level field to upper-case.</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Field { get; init; } = null!;
}

public sealed class UppercaseFieldProcessor : BatchProcessor<UppercaseFieldConfig>
{
    public const string ChangedCounter = "uppercase_field.changed";

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var kept = new List<DataEntity>(data.Count);
        long changed = 0;
        foreach (var record in data)
        {
            if (!record.TryGetValue(Config.Field, out var value) || value is null)
            {
                kept.Add(record);
                continue;
            }
            if (value is not string text)
            {
                // throws by default (the slice fails); log/none drop it; an API name receives it
                RejectRecord(record, new InvalidDataException($"{Config.Field}: must be a string, got {value.GetType().Name}"));
                continue;
            }
            record.Set(Config.Field, text.ToUpperInvariant());
            changed++;
            kept.Add(record);
        }
        slice.AddCounter(ChangedCounter, changed);
        return ValueTask.FromResult(kept);
    }
}
