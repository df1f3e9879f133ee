using System.Text;
using System.Text.Json;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>json_parser</c>: turns each record's raw bytes (read with <c>_encoding: raw</c>), or with
/// <c>field</c> (our extension) the text or bytes in that field, into the record parsed from that
/// JSON object, keeping its metadata. Surrounding whitespace and NUL characters are ignored.
/// A record that does not parse is rejected: <c>_dead_letter_action</c> defaults to <c>log</c>
/// here (logged and dropped), as upstream.
/// </summary>
public sealed class JsonParser : ProcessorDefinition<JsonParserConfig, JsonParserProcessor>
{
    public override string Name => "json_parser";
    public override string Description => "Parses raw record bytes (or a text field) as JSON";
}

public sealed record JsonParserConfig : OpConfig
{
    public JsonParserConfig() => DeadLetterAction = "log";

    /// <summary>Our extension: parse the text (or bytes) of this top-level field instead of the raw data.</summary>
    [NonEmpty]
    public string? Field { get; init; }
}

public sealed class JsonParserProcessor : BatchProcessor<JsonParserConfig>
{
    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var kept = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var record = data[i];
            DataEntity parsed;
            try
            {
                parsed = Parse(record);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or DecoderFallbackException)
            {
                RejectRecord(record, e);
                continue;
            }
            if (record.Metadata.Count > 0)
                foreach (var (name, value) in record.Metadata) parsed.SetMetadata(name, value);
            data[kept++] = parsed;
        }
        data.RemoveRange(kept, data.Count - kept);
        return ValueTask.FromResult(data);
    }

    private DataEntity Parse(DataEntity record)
    {
        if (Config.Field is { } field)
        {
            return record.Get(field) switch
            {
                string text => ParseUtf8(Encoding.UTF8.GetBytes(text)),
                byte[] bytes => ParseUtf8(bytes),
                null => throw new InvalidOperationException($"The record has no field \"{field}\" to parse"),
                var other => throw new InvalidOperationException($"The field \"{field}\" holds a {other.GetType().Name}, not JSON text"),
            };
        }
        return ParseUtf8(record.RawData ?? throw new InvalidOperationException("The record has no raw data to parse (read it with _encoding: raw, or set field)"));
    }

    private static DataEntity ParseUtf8(byte[] bytes)
    {
        ReadOnlySpan<byte> json = bytes;
        if (json.IndexOf((byte)0) < 0) return DataEntityJson.Parse(json);
        // upstream strips NUL characters (padding some producers leave) before parsing
        var cleaned = new byte[json.Length];
        var n = 0;
        foreach (var b in json)
            if (b != 0) cleaned[n++] = b;
        return DataEntityJson.Parse(cleaned.AsSpan(0, n));
    }
}
