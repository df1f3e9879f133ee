using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Teraslice.Akka.Api.Http;

/// <summary>
/// Content negotiation on the Accept header (RFC 9110 §12.5.1). Parsed leniently by hand:
/// upstream's documented form, <c>application/openmetrics-text;</c>, has an empty parameter that
/// ASP.NET's <c>MediaTypeHeaderValue</c> rejects, dropping the whole media range.
/// </summary>
internal static class AcceptHeader
{
    private readonly record struct MediaRange(string Type, double Quality);

    /// <summary>
    /// Whether the client asks for <paramref name="alternative"/> rather than the route's
    /// <paramref name="defaultType"/>: a higher quality, or the same quality through a more specific
    /// range (<c>application/openmetrics-text, */*</c> picks OpenMetrics). No header, a tie or
    /// <c>q=0</c> keep the default.
    /// </summary>
    public static bool Prefers(StringValues accept, string alternative, string defaultType)
    {
        var ranges = Parse(accept);
        var (quality, specificity) = Match(ranges, alternative);
        if (quality <= 0)
            return false;
        var (defaultQuality, defaultSpecificity) = Match(ranges, defaultType);
        return quality > defaultQuality || (quality == defaultQuality && specificity > defaultSpecificity);
    }

    /// <summary>
    /// The quality of the most specific range that matches <paramref name="mediaType"/>
    /// (2: exact, 1: <c>type/*</c>, 0: <c>*/*</c>; -1 with quality 0: none).
    /// </summary>
    private static (double Quality, int Specificity) Match(List<MediaRange> ranges, string mediaType)
    {
        var typeWildcard = mediaType[..(mediaType.IndexOf('/') + 1)] + "*";
        var (quality, specificity) = (0.0, -1);
        foreach (var range in ranges)
        {
            var rangeSpecificity = range.Type == mediaType ? 2
                : range.Type == typeWildcard ? 1
                : range.Type == "*/*" ? 0
                : -1;
            if (rangeSpecificity > specificity)
                (quality, specificity) = (range.Quality, rangeSpecificity);
            else if (rangeSpecificity == specificity && rangeSpecificity >= 0)
                quality = Math.Max(quality, range.Quality);
        }
        return (quality, specificity);
    }

    private static List<MediaRange> Parse(StringValues accept)
    {
        var ranges = new List<MediaRange>();
        foreach (var value in accept)
        {
            if (value is null)
                continue;
            foreach (var element in SplitOutsideQuotes(value, ','))
            {
                var parts = SplitOutsideQuotes(element, ';');
                var type = parts[0].Trim().ToLowerInvariant();
                if (type.IndexOf('/') is <= 0 || type.EndsWith('/'))
                    continue;
                var quality = 1.0;
                foreach (var parameter in parts.Skip(1))
                {
                    var equals = parameter.IndexOf('=');
                    if (equals < 0 || !parameter[..equals].Trim().Equals("q", StringComparison.OrdinalIgnoreCase))
                        continue;
                    if (!double.TryParse(parameter[(equals + 1)..].Trim(), NumberStyles.AllowDecimalPoint,
                            CultureInfo.InvariantCulture, out quality) || quality > 1)
                        quality = -1;
                }
                // A malformed weight voids its range rather than guessing what was meant.
                if (quality >= 0)
                    ranges.Add(new MediaRange(type, quality));
            }
        }
        return ranges;
    }

    /// <summary>Splits on <paramref name="separator"/> except inside quoted strings (parameter values may be quoted).</summary>
    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '\\')
                i++;
            else if (c == '"')
                quoted = !quoted;
            else if (c == separator && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
