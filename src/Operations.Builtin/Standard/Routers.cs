using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;

namespace Teraslice.Akka.Operations.Standard;

// The routers of standard-assets: each sets a record's "standard:route" metadata, which
// routed_sender uses to pick the destination.

/// <summary>
/// <c>date_router</c>: routes by the date in <c>field</c> (or the clock, with <c>use_clock_time</c>):
/// <c>2024.01.31</c> for daily, <c>2024.01</c> monthly, <c>2024</c> yearly, <c>2024.01.31.10</c>
/// hourly, <c>2024.04</c> weekly (week of the year), <c>2825</c> weekly_epoch (weeks since 1970),
/// all in UTC. A record without a valid date is rejected (<c>_dead_letter_action</c>).
/// </summary>
public sealed class DateRouter : ProcessorDefinition<DateRouterConfig, DateRouterProcessor>
{
    public override string Name => "date_router";
    public override string Description => "Sets standard:route from a date field (yearly … hourly partitions)";
}

public sealed record DateRouterConfig : OpConfig
{
    /// <summary>The top-level field holding the date.</summary>
    [Required(ErrorMessage = "is required")]
    [NonEmpty]
    public string Field { get; init; } = null!;

    /// <summary>Route by the current time instead of the field.</summary>
    public bool UseClockTime { get; init; }

    /// <summary>hourly, daily (default), monthly, yearly, weekly or weekly_epoch.</summary>
    [OneOf("hourly", "daily", "monthly", "yearly", "weekly", "weekly_epoch")]
    public string Resolution { get; init; } = "daily";

    /// <summary>Between the date parts: one of - _ . / or nothing (default ".").</summary>
    [OneOf("-", "_", ".", "/", "")]
    public string DateDelimiter { get; init; } = ".";

    /// <summary>Between a unit and its value when include_date_units is set: one of - _ . / or nothing (default "_").</summary>
    [OneOf("-", "_", ".", "/", "")]
    public string DateUnitDelimiter { get; init; } = "_";

    /// <summary>Name the units: <c>year_2024.month_01.day_31</c>.</summary>
    public bool IncludeDateUnits { get; init; }
}

public sealed class DateRouterProcessor : BatchProcessor<DateRouterConfig>
{
    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;
    private const long WeekMs = 7 * DayMs;

    // records of a slice mostly share their partition: the last route is reused without a new string
    private long _lastBucket = long.MinValue;
    private string _lastRoute = "";

    /// <summary>The clock of use_clock_time; tests swap it.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var kept = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var record = data[i];
            long at;
            if (Config.UseClockTime) at = Clock.GetUtcNow().ToUnixTimeMilliseconds();
            else if (!JsValues.TryGetEpochMilliseconds(record.Get(Config.Field), out at))
            {
                RejectRecord(record, new InvalidOperationException($"Could not convert value {JsValues.ToText(record.Get(Config.Field))} to a date"));
                continue;
            }
            record.SetMetadata(RouteMetadata.Route, RouteOf(at));
            data[kept++] = record;
        }
        data.RemoveRange(kept, data.Count - kept);
        return ValueTask.FromResult(data);
    }

    internal string RouteOf(long at)
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime;
        var bucket = Config.Resolution switch
        {
            "hourly" => FloorDiv(at, HourMs),
            "daily" => date.Year * 10_000L + date.Month * 100 + date.Day,
            "monthly" => date.Year * 100L + date.Month,
            "yearly" => date.Year,
            "weekly" => date.Year * 100L + WeekOfYear(at, date.Year),
            _ => FloorDiv(at, WeekMs),
        };
        if (bucket == _lastBucket) return _lastRoute;
        _lastBucket = bucket;
        return _lastRoute = Format(at, date);
    }

    private string Format(long at, DateTime date)
    {
        var route = new StringBuilder(32);
        if (Config.Resolution == "weekly_epoch")
        {
            Part(route, "week", FloorDiv(at, WeekMs).ToString(CultureInfo.InvariantCulture));
            return route.ToString();
        }
        Part(route, "year", date.Year.ToString("D4", CultureInfo.InvariantCulture));
        switch (Config.Resolution)
        {
            case "yearly":
                return route.ToString();
            case "weekly":
                Part(route, "week", WeekOfYear(at, date.Year).ToString("D2", CultureInfo.InvariantCulture));
                return route.ToString();
        }
        Part(route, "month", date.Month.ToString("D2", CultureInfo.InvariantCulture));
        if (Config.Resolution == "monthly") return route.ToString();
        Part(route, "day", date.Day.ToString("D2", CultureInfo.InvariantCulture));
        if (Config.Resolution == "daily") return route.ToString();
        Part(route, "hour", date.Hour.ToString("D2", CultureInfo.InvariantCulture));
        return route.ToString();
    }

    private void Part(StringBuilder route, string unit, string value)
    {
        if (route.Length > 0) route.Append(Config.DateDelimiter);
        if (Config.IncludeDateUnits) route.Append(unit).Append(Config.DateUnitDelimiter);
        route.Append(value);
    }

    /// <summary>Whole weeks since 1 January of the year (UTC), as upstream counts them.</summary>
    private static long WeekOfYear(long at, int year) =>
        FloorDiv(at - new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), WeekMs);

    private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

/// <summary>
/// <c>field_router</c>: routes by the values of <c>fields</c> (top-level):
/// <c>country_US-state_CA</c> by default; <c>=</c> and <c>/</c> in values become <c>_</c>.
/// </summary>
public sealed class FieldRouter : ProcessorDefinition<FieldRouterConfig, FieldRouterProcessor>
{
    public override string Name => "field_router";
    public override string Description => "Sets standard:route from field values";
}

public sealed record FieldRouterConfig : OpConfig
{
    /// <summary>The fields whose values make the route, in order.</summary>
    [Required(ErrorMessage = "is required (an array of at least one field)")]
    [NonEmptyNames]
    public List<string>? Fields { get; init; }

    /// <summary>Between field/value pairs (default "-").</summary>
    public string FieldDelimiter { get; init; } = "-";

    /// <summary>Between a field name and its value (default "_").</summary>
    public string ValueDelimiter { get; init; } = "_";

    /// <summary>Put the field names in the route (default true).</summary>
    public bool IncludeFieldNames { get; init; } = true;
}

public sealed class FieldRouterProcessor : MapProcessor<FieldRouterConfig>
{
    private readonly StringBuilder _route = new(64);

    public override DataEntity Map(DataEntity record)
    {
        record.SetMetadata(RouteMetadata.Route, RouteOf(record));
        return record;
    }

    internal string RouteOf(DataEntity record)
    {
        var route = _route.Clear();
        var fields = Config.Fields!;
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) route.Append(Config.FieldDelimiter);
            if (Config.IncludeFieldNames) route.Append(fields[i]).Append(Config.ValueDelimiter);
            var start = route.Length;
            route.Append(JsValues.ToText(record.Get(fields[i])));
            for (var c = start; c < route.Length; c++)
                if (route[c] is '=' or '/') route[c] = '_';
        }
        return route.ToString();
    }
}

/// <summary>
/// <c>hash_router</c>: routes to one of <c>partitions</c> buckets (<c>"0"</c> … <c>"n-1"</c>) by the
/// FNV-1a hash of the values of <c>fields</c> (concatenated), or of the <c>_key</c> metadata when
/// no fields are given; a record without a <c>_key</c> is then rejected.
/// </summary>
public sealed class HashRouter : ProcessorDefinition<HashRouterConfig, HashRouterProcessor>
{
    public override string Name => "hash_router";
    public override string Description => "Sets standard:route to a hash bucket of field values or the _key";

    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        if (((HashRouterConfig)config).PartitionCount is null) yield return "partitions: is required (a positive integer)";
    }
}

public sealed record HashRouterConfig : OpConfig
{
    /// <summary>Fields whose values are hashed; empty (default): the <c>_key</c> metadata.</summary>
    [NonEmptyNames(allowNone: true)]
    public List<string> Fields { get; init; } = [];

    /// <summary>How many buckets.</summary>
    [Positive]
    public int? Partitions { get; init; }

    /// <summary>The name older standard-assets releases gave <c>partitions</c>.</summary>
    [Positive]
    [Deprecated("use partitions")]
    public int? Buckets { get; init; }

    internal int? PartitionCount => Partitions ?? Buckets;
}

public sealed class HashRouterProcessor : BatchProcessor<HashRouterConfig>
{
    private string[] _routes = [];

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        // one string per bucket, made once
        _routes = new string[Config.PartitionCount!.Value];
        for (var i = 0; i < _routes.Length; i++) _routes[i] = i.ToString(CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var fields = Config.Fields;
        var kept = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var record = data[i];
            var hash = Fnv1a.OffsetBasis;
            if (fields.Count == 0)
            {
                if (record.Key is not { } key)
                {
                    RejectRecord(record, new InvalidOperationException("No key has been set in the metadata"));
                    continue;
                }
                hash = Fnv1a.Append(hash, JsValues.ToText(key));
            }
            else
            {
                // hashing the values one after the other is hashing their concatenation
                for (var f = 0; f < fields.Count; f++) hash = Fnv1a.Append(hash, JsValues.ToText(record.Get(fields[f])));
            }
            record.SetMetadata(RouteMetadata.Route, _routes[hash % (uint)_routes.Length]);
            data[kept++] = record;
        }
        data.RemoveRange(kept, data.Count - kept);
        return ValueTask.FromResult(data);
    }
}

/// <summary>32-bit FNV-1a over the UTF-8 bytes of texts (as the npm package upstream uses).</summary>
public static class Fnv1a
{
    public const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash(string text) => Append(OffsetBasis, text);

    /// <summary>Continues a hash with the UTF-8 bytes of a text, without encoding it into a buffer.</summary>
    public static uint Append(uint hash, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c < 0x80)
            {
                hash = (hash ^ (uint)c) * Prime;
                continue;
            }
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                c = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate((char)c))
            {
                c = 0xFFFD; // a lone surrogate encodes as the replacement character
            }
            if (c < 0x800)
            {
                hash = (hash ^ (uint)(0xC0 | (c >> 6))) * Prime;
            }
            else if (c < 0x10000)
            {
                hash = (hash ^ (uint)(0xE0 | (c >> 12))) * Prime;
                hash = (hash ^ (uint)(0x80 | ((c >> 6) & 0x3F))) * Prime;
            }
            else
            {
                hash = (hash ^ (uint)(0xF0 | (c >> 18))) * Prime;
                hash = (hash ^ (uint)(0x80 | ((c >> 12) & 0x3F))) * Prime;
                hash = (hash ^ (uint)(0x80 | ((c >> 6) & 0x3F))) * Prime;
            }
            hash = (hash ^ (uint)(0x80 | (c & 0x3F))) * Prime;
        }
        return hash;
    }
}
