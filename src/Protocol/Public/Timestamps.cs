using System.Globalization;

namespace Teraslice.Akka;

/// <summary>The timestamps of the client records' JSON: ISO-8601 UTC with milliseconds, as Teraslice writes them.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
