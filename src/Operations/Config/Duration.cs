using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Teraslice.Akka.Operations;

/// <summary>
/// Durations as Teraslice writes them (its <c>duration</c> format, read by the <c>ms</c> npm
/// package): milliseconds as a number, or a text like <c>"5 minutes"</c>, <c>"30s"</c>,
/// <c>"100 ms"</c>, <c>"1.5h"</c>, <c>"1week"</c>, <c>"100"</c> (= milliseconds).
/// </summary>
public static partial class Duration
{
    public static bool TryParseMilliseconds(string? text, out long milliseconds)
    {
        milliseconds = 0;
        if (text is null || text.Length > 100) return false;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success) return false;
        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var factor = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "" or "ms" or "msec" or "msecs" or "millisecond" or "milliseconds" => 1d,
            "s" or "sec" or "secs" or "second" or "seconds" => 1_000d,
            "m" or "min" or "mins" or "minute" or "minutes" => 60_000d,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3_600_000d,
            "d" or "day" or "days" => 86_400_000d,
            "w" or "week" or "weeks" => 604_800_000d,
            "y" or "yr" or "yrs" or "year" or "years" => 31_557_600_000d, // 365.25 days, as ms does
            _ => double.NaN,
        };
        if (double.IsNaN(factor)) return false;
        milliseconds = (long)Math.Round(amount * factor);
        return true;
    }

    [GeneratedRegex(@"^(?<n>-?\d*\.?\d+)\s*(?<unit>[a-zA-Z]*)$")]
    private static partial Regex DurationPattern();
}

/// <summary>Reads a duration (number of ms or a text) into milliseconds.</summary>
public sealed class DurationMillisecondsConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.GetInt64();
        if (reader.TokenType == JsonTokenType.String && Duration.TryParseMilliseconds(reader.GetString()!, out var ms)) return ms;
        throw new JsonException("must be a duration: milliseconds, or a text such as \"5 minutes\"");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
