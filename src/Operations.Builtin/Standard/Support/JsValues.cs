using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// Record values compared, printed and read as dates the way the upstream (JavaScript) operations
/// do, so that the same job gives the same answers: numbers equal by value whatever their .NET
/// type, strings by ordinal, objects by reference.
/// </summary>
public static class JsValues
{
    /// <summary>JavaScript's <c>===</c> for record values.</summary>
    public static bool StrictEquals(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is string sa) return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        if (TryNumber(a, out var na)) return TryNumber(b, out var nb) && na == nb;
        if (a is bool ba) return b is bool bb && ba == bb;
        if (a.GetType().IsValueType) return a.Equals(b);
        return ReferenceEquals(a, b);
    }

    /// <summary>A number of any .NET numeric type as a double (JavaScript has one number type).</summary>
    public static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case long l: number = l; return true;
            case int i: number = i; return true;
            case double d: number = d; return true;
            case float f: number = f; return true;
            case decimal m: number = (double)m; return true;
            case short or byte or sbyte or ushort or uint or ulong:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>
    /// A value as text, as Teraslice's <c>toString</c>: null → "", strings as they are, numbers
    /// and booleans as JavaScript prints them, dates in ISO-8601, objects and lists as JSON.
    /// </summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        DateTime dt => IsoDate.Format(dt),
        DateTimeOffset dto => IsoDate.Format(dto.UtcDateTime),
        DataEntity or IDictionary or IEnumerable<KeyValuePair<string, object?>> or IList => ToJson(value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A value as compact JSON (JSON.stringify).</summary>
    public static string ToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer)) DataEntityJson.WriteValue(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string FormatNumber(double d) =>
        double.IsNaN(d) ? "NaN"
        : double.IsPositiveInfinity(d) ? "Infinity"
        : double.IsNegativeInfinity(d) ? "-Infinity"
        : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A date value as milliseconds since the epoch: a DateTime, a number (epoch milliseconds, as
    /// JavaScript's <c>new Date(n)</c>) or an ISO-8601 / RFC 1123 text. False for anything else.
    /// </summary>
    public static bool TryGetEpochMilliseconds(object? value, out long milliseconds)
    {
        switch (value)
        {
            case DateTime dt:
                milliseconds = new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt).ToUnixTimeMilliseconds();
                return true;
            case DateTimeOffset dto:
                milliseconds = dto.ToUnixTimeMilliseconds();
                return true;
            case string s:
                return TryParseDate(s, out milliseconds);
            case bool:
                milliseconds = 0;
                return false;
            default:
                if (TryNumber(value, out var n) && double.IsFinite(n) && Math.Abs(n) <= 8.64e15)
                {
                    milliseconds = (long)Math.Truncate(n);
                    return true;
                }
                milliseconds = 0;
                return false;
        }
    }

    /// <summary>Reads a date text (ISO-8601 or RFC 1123; no offset means UTC).</summary>
    public static bool TryParseDate(string text, out long milliseconds)
    {
        milliseconds = 0;
        var span = text.AsSpan().Trim();
        if (span.Length < 4 || !char.IsAsciiDigit(span[0]) && !char.IsAsciiLetter(span[0])) return false;
        if (!DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            return false;
        milliseconds = parsed.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>Whether a text is an ISO-8601 date (<c>2024-01-31</c>, <c>2024-01-31T10:00:00Z</c>…).</summary>
    public static bool IsIso8601(string text)
    {
        var s = text.AsSpan().Trim();
        if (s.Length < 10 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]) || !char.IsAsciiDigit(s[2]) || !char.IsAsciiDigit(s[3])
            || s[4] != '-' || !char.IsAsciiDigit(s[5]) || !char.IsAsciiDigit(s[6]) || s[7] != '-' || !char.IsAsciiDigit(s[8]) || !char.IsAsciiDigit(s[9]))
            return false;
        return s.Length == 10 ? TryParseDate(text, out _) : (s[10] is 'T' or 't' or ' ') && TryParseDate(text, out _);
    }

    /// <summary>
    /// Orders record values for sorting: numbers (and booleans, as JavaScript compares them)
    /// numerically, texts by ordinal, dates by time; absent and null values after everything else.
    /// </summary>
    public static int Compare(object? a, object? b)
    {
        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != rb) return ra.CompareTo(rb);
        switch (ra)
        {
            case 0:
                NumberOf(a, out var na);
                NumberOf(b, out var nb);
                return na.CompareTo(nb);
            case 1:
                return string.CompareOrdinal((string)a!, (string)b!);
            case 2:
                TryGetEpochMilliseconds(a, out var ta);
                TryGetEpochMilliseconds(b, out var tb);
                return ta.CompareTo(tb);
            case 3:
                return string.CompareOrdinal(ToText(a), ToText(b));
            default:
                return 0;
        }
    }

    private static int Rank(object? value) => value switch
    {
        null => 4,
        string => 1,
        bool => 0,
        DateTime or DateTimeOffset => 2,
        _ when TryNumber(value, out _) => 0,
        _ => 3,
    };

    private static void NumberOf(object? value, out double number)
    {
        if (value is bool b) number = b ? 1 : 0;
        else TryNumber(value, out number);
    }

    /// <summary>
    /// Map keys compared as JavaScript's Map does (SameValueZero): numbers by value, texts by
    /// ordinal, objects by reference. Use <see cref="KeyOf"/> to turn a value (or its absence) into a key.
    /// </summary>
    public static IEqualityComparer<object> SameValueComparer { get; } = new SameValue();

    /// <summary>A dictionary key for a value: absent and null values get their own keys (JavaScript tells undefined from null).</summary>
    public static object KeyOf(bool found, object? value) => !found ? Undefined : value ?? Null;

    /// <summary>The key of an absent value.</summary>
    public static readonly object Undefined = new Sentinel("undefined");

    /// <summary>The key of a null value.</summary>
    public static readonly object Null = new Sentinel("null");

    private sealed class Sentinel(string name)
    {
        public override string ToString() => name;
    }

    private sealed class SameValue : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y)
        {
            if (TryNumber(x, out var nx) && TryNumber(y, out var ny)) return nx.Equals(ny) || (nx == 0 && ny == 0);
            return StrictEquals(x, y);
        }

        public int GetHashCode(object obj) => obj switch
        {
            string s => string.GetHashCode(s, StringComparison.Ordinal),
            _ when TryNumber(obj, out var n) => n == 0 ? 0 : n.GetHashCode(),
            _ when obj.GetType().IsValueType => obj.GetHashCode(),
            _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
        };
    }
}
