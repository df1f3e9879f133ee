using System.Globalization;
using System.Text.RegularExpressions;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// Durations written as the <c>ms</c> npm package reads them (<c>"1week"</c>, <c>"2 days"</c>,
/// <c>"90m"</c>, <c>"1.5h"</c>, <c>"100"</c> = milliseconds), for the options upstream parses with it.
/// </summary>
public static partial class MsDuration
{
    public static bool TryParse(string? text, out long milliseconds)
    {
        milliseconds = 0;
        if (text is null || text.Length > 100) return false;
        var match = Pattern().Match(text.Trim());
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
    private static partial Regex Pattern();
}
