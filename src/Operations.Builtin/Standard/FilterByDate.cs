using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>filter_by_date</c>: keeps the records whose <c>date_field</c> holds a date between the two
/// limits (inclusive); drops the others, including those without a valid date. Each limit is
/// either an ISO-8601 date (fixed) or a duration such as <c>1week</c> measured from now (moving).
/// </summary>
public sealed class FilterByDate : ProcessorDefinition<FilterByDateConfig, FilterByDateProcessor>
{
    public override string Name => "filter_by_date";
    public override string Description => "Keeps records whose date is within limits (fixed dates or durations from now)";
}

public sealed record FilterByDateConfig : OpConfig
{
    /// <summary>The top-level field holding the date (default <c>date</c>).</summary>
    [NonEmpty]
    public string DateField { get; init; } = "date";

    /// <summary>The earliest date kept: an ISO-8601 date, or a duration before now (default <c>1week</c>).</summary>
    [DateLimit]
    public string LimitPast { get; init; } = "1week";

    /// <summary>The latest date kept: an ISO-8601 date, or a duration after now (default <c>1day</c>).</summary>
    [DateLimit]
    public string LimitFuture { get; init; } = "1day";

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class DateLimitAttribute() : ValidationAttribute("must be an ISO-8601 date or a duration such as \"1week\" or \"2 days\"")
    {
        public override bool IsValid(object? value) => value is string s && DateLimit.TryParse(s, out _);
    }
}

/// <summary>A filter_by_date limit: a fixed time, or a distance from now.</summary>
internal readonly record struct DateLimit(long Milliseconds, bool IsFixed)
{
    public static bool TryParse(string text, out DateLimit limit)
    {
        if (JsValues.IsIso8601(text) && JsValues.TryParseDate(text, out var at))
        {
            limit = new DateLimit(at, true);
            return true;
        }
        if (Duration.TryParseMilliseconds(text, out var ms))
        {
            limit = new DateLimit(ms, false);
            return true;
        }
        limit = default;
        return false;
    }
}

public sealed class FilterByDateProcessor : BatchProcessor<FilterByDateConfig>
{
    private DateLimit _past;
    private DateLimit _future;

    /// <summary>The clock; tests swap it.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        DateLimit.TryParse(Config.LimitPast, out _past);
        DateLimit.TryParse(Config.LimitFuture, out _future);
        return ValueTask.CompletedTask;
    }

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        // upstream reads the clock per record; once per slice is the same to the millisecond that matters
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var earliest = _past.IsFixed ? _past.Milliseconds : now - _past.Milliseconds;
        var latest = _future.IsFixed ? _future.Milliseconds : now + _future.Milliseconds;
        var field = Config.DateField;
        data.RemoveAll(record =>
            !JsValues.TryGetEpochMilliseconds(record.Get(field), out var at) || at < earliest || at > latest);
        return ValueTask.FromResult(data);
    }
}
