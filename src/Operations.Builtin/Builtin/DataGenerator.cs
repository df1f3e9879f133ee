using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Operations.Builtin;

/// <summary>
/// <c>data_generator</c> (standard-assets): a reader that makes random records shaped like
/// Teraslice's (ip, userAgent, url, uuid, created, ipv6, location, bytes).
/// Once: <c>size</c> records in all, cut into slices of <c>slice_size</c>, else the last
/// operation's <c>size</c>, else 5,000 (as upstream's counter does). Persistent: <c>slice_size</c>
/// (else <c>size</c>) records per slice, forever. Slice requests are <c>{count, processed}</c>,
/// <c>processed</c> counting every record cut so far (this slice's included), which is where a
/// recovered slicer starts again.
/// </summary>
public sealed class DataGenerator : ReaderDefinition<DataGeneratorConfig, DataGeneratorSlicer, DataGeneratorFetcher>
{
    public override string Name => "data_generator";
    public override string Description => "Generates random sample records";

    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        var c = (DataGeneratorConfig)config;
        if (c.JsonSchema is not null) yield return "json_schema: custom schemas are not supported; leave it out for the default record shape";
        if (c.IdStartKey is not null && c.SetId is null) yield return "id_start_key: must be used with set_id";
        if (c.StressTest && c.Delay != 0) yield return "delay: must be 0 when stress_test is true";
        if (c.Start is { } start && c.End is { } end && start > end) yield return "start: must be before end";
        if (c.Format is DataGeneratorDateFormat.IsoBetween or DataGeneratorDateFormat.UtcBetween && (c.Start is null || c.End is null))
            yield return "format: isoBetween and utcBetween need start and end";
    }
}

public enum DataGeneratorDateFormat
{
    DateNow,
    UtcDate,
    UtcBetween,
    IsoBetween,
}

public enum DataGeneratorIdType
{
    Base64url,
    Hexadecimal,
    [JsonStringEnumMemberName("HEXADECIMAL")] UpperHexadecimal,
}

public sealed record DataGeneratorConfig : OpConfig
{
    /// <summary>Once: records in all. Persistent: records per slice (unless slice_size is set).</summary>
    [Positive]
    public long Size { get; init; } = 5000;

    /// <summary>Our extension: records per slice, in both lifecycles.</summary>
    [Positive]
    public long? SliceSize { get; init; }

    /// <summary>Where the <c>created</c> dates of isoBetween/utcBetween start.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Where the <c>created</c> dates of isoBetween/utcBetween end.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>How dates are written: dateNow (local time with offset, default), utcDate, utcBetween, isoBetween.</summary>
    [JsonConverter(typeof(DateFormatConverter))]
    public DataGeneratorDateFormat? Format { get; init; }

    /// <summary>Generate one record and repeat it (load tests).</summary>
    public bool StressTest { get; init; }

    /// <summary>Seconds each slice waits before it completes.</summary>
    [NonNegative]
    public double Delay { get; init; }

    /// <summary>The name of the date field (default <c>created</c>).</summary>
    [NonEmpty]
    public string DateKey { get; init; } = "created";

    /// <summary>Adds an <c>id</c> field: base64url, hexadecimal or HEXADECIMAL.</summary>
    [JsonConverter(typeof(IdTypeConverter))]
    public DataGeneratorIdType? SetId { get; init; }

    /// <summary>A prefix forced onto generated ids (needs set_id).</summary>
    public string? IdStartKey { get; init; }

    /// <summary>Not supported (custom mocker schemas are a Node.js feature).</summary>
    public string? JsonSchema { get; init; }

    private sealed class DateFormatConverter() : JsonStringEnumConverter<DataGeneratorDateFormat>(JsonNamingPolicy.CamelCase, false);

    private sealed class IdTypeConverter() : JsonStringEnumConverter<DataGeneratorIdType>(JsonNamingPolicy.CamelCase, false);
}

/// <summary>A data_generator slice request.</summary>
public sealed record DataGeneratorRequest(long Count, long Processed);

public sealed class DataGeneratorSlicer : Slicer<DataGeneratorConfig>
{
    private long _processed;
    private long _sliceSize;

    public override bool IsRecoverable => true;

    public override int? MaxQueueLength => Math.Max(1, Context.Execution.Workers * 3);

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        _processed = Recovery?.LastSlice?.GetInt64("processed") ?? 0;
        var lastOp = Context.Execution.Operations[^1];
        long? lastOpSize = lastOp["size"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var s) && s > 0 ? s : null;
        _sliceSize = Context.Execution.IsOnce
            ? Config.SliceSize ?? lastOpSize ?? 5000
            : Config.SliceSize ?? Config.Size;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct)
    {
        var count = _sliceSize;
        if (Context.Execution.IsOnce)
        {
            if (_processed >= Config.Size) return ValueTask.FromResult(SliceResult.Done);
            count = Math.Min(_sliceSize, Config.Size - _processed);
        }
        _processed += count;
        return ValueTask.FromResult(SliceResult.One(new DataGeneratorRequest(count, _processed)));
    }
}

public sealed class DataGeneratorFetcher : Fetcher<DataGeneratorConfig>
{
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (Windows NT 5.2; WOW64; rv:8.9) Gecko/20100101 Firefox/8.9.9",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        "Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.229 Version/11.62",
        "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)",
    ];

    private static readonly string[] Words =
    [
        "gabrielle", "kenyon", "marlee", "orville", "tressa", "dameon", "lindsey", "rosalind", "brandt", "elmira",
        "quinton", "savanna", "hollis", "imogene", "jerrold", "nakia", "prudence", "virgil", "winona", "zelda",
    ];

    private static readonly string[] Domains = ["com", "org", "net", "info", "biz", "name", "io"];

    private const string Base64UrlFirst = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ123456789-_";
    private const string WordChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

    public override async ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct)
    {
        var count = (int)(slice.Request.GetInt64("count") ?? 0);
        var records = new List<DataEntity>(count);
        var random = Random.Shared;
        if (Config.StressTest && count > 0)
        {
            var one = MakeRecord(random);
            for (var i = 0; i < count; i++) records.Add(one.Clone());
        }
        else
        {
            for (var i = 0; i < count; i++) records.Add(MakeRecord(random));
        }
        if (Config.Delay > 0) await Task.Delay(TimeSpan.FromSeconds(Config.Delay), ct);
        return records;
    }

    internal DataEntity MakeRecord(Random random)
    {
        var record = new DataEntity(Config.SetId is null ? 8 : 9);
        record.Set("ip", $"{random.Next(1, 256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}");
        record.Set("userAgent", UserAgents[random.Next(UserAgents.Length)]);
        record.Set("url", $"https://{Words[random.Next(Words.Length)]}.{Domains[random.Next(Domains.Length)]}");
        record.Set("uuid", Guid.NewGuid().ToString());
        record.Set(Config.DateKey, MakeDate(random));
        record.Set("ipv6", string.Join(':', Enumerable.Range(0, 8).Select(_ => random.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture))));
        record.Set("location", string.Create(CultureInfo.InvariantCulture, $"{random.NextDouble() * 180 - 90:F5}, {random.NextDouble() * 360 - 180:F5}"));
        record.Set("bytes", (long)random.Next(7850, 5642868));
        if (Config.SetId is { } idType) record.Set("id", MakeId(idType, random));
        return record;
    }

    private string MakeDate(Random random)
    {
        switch (Config.Format)
        {
            case DataGeneratorDateFormat.UtcDate:
                return DataEntityJson.FormatDate(DateTime.UtcNow);
            case DataGeneratorDateFormat.UtcBetween or DataGeneratorDateFormat.IsoBetween:
                var start = Config.Start!.Value.ToUnixTimeMilliseconds();
                var span = Config.End!.Value.ToUnixTimeMilliseconds() - start;
                var at = DateTimeOffset.FromUnixTimeMilliseconds(start + (long)(random.NextDouble() * span));
                return Config.Format == DataGeneratorDateFormat.UtcBetween
                    ? DataEntityJson.FormatDate(at.UtcDateTime)
                    : at.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            default:
                return DateTimeOffset.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        }
    }

    private string MakeId(DataGeneratorIdType type, Random random)
    {
        var id = new StringBuilder(Config.IdStartKey ?? "");
        switch (type)
        {
            case DataGeneratorIdType.Base64url:
                id.Append(Base64UrlFirst[random.Next(Base64UrlFirst.Length)]);
                for (var i = 0; i < 8; i++) id.Append(WordChars[random.Next(WordChars.Length)]);
                break;
            default:
                var digits = type == DataGeneratorIdType.Hexadecimal ? "0123456789abcdef" : "0123456789ABCDEF";
                for (var i = 0; i < 8; i++) id.Append(digits[random.Next(16)]);
                break;
        }
        return id.ToString();
    }
}
