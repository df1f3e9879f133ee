using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// The checks <c>filter</c>'s <c>filter_by: validator</c> can run, named as DataMate's
/// FieldValidator functions. Only a common subset is available; others are refused at submit time.
/// </summary>
public static partial class FieldValidators
{
    private static readonly Dictionary<string, Func<object?, JsonObject?, bool>> Checks = new(StringComparer.Ordinal)
    {
        ["isBoolean"] = (v, _) => v is bool,
        ["isBooleanLike"] = (v, _) => IsBooleanLike(v),
        ["isNumber"] = (v, _) => JsValues.TryNumber(v, out var n) && !double.IsNaN(n),
        ["isInteger"] = (v, _) => JsValues.TryNumber(v, out var n) && double.IsFinite(n) && Math.Floor(n) == n,
        ["isInNumberRange"] = InNumberRange,
        ["isString"] = (v, _) => v is string,
        ["isEmpty"] = (v, _) => IsEmpty(v),
        ["isIP"] = (v, _) => v is string s && IsIp(s),
        ["inIPRange"] = InIpRange,
        ["isEmail"] = (v, _) => v is string s && EmailPattern().IsMatch(s),
        ["isURL"] = (v, _) => v is string s && Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Host.Length > 0,
        ["isUUID"] = (v, args) => v is string s && Guid.TryParseExact(s, "D", out _),
        ["isISO8601"] = (v, _) => v is string s && JsValues.IsIso8601(s),
        ["isValidDate"] = (v, args) => v is not null and not bool && JsValues.TryGetEpochMilliseconds(v, out _),
    };

    public static IEnumerable<string> Names => Checks.Keys;

    public static bool Exists(string name) => Checks.ContainsKey(name);

    public static Func<object?, JsonObject?, bool> Get(string name) =>
        Checks.TryGetValue(name, out var check) ? check : throw new ArgumentException($"\"{name}\" is not a supported check", nameof(name));

    /// <summary>A full IPv4 (four dotted parts: IPAddress also reads "1" as 0.0.0.1) or IPv6 address.</summary>
    private static bool IsIp(string text)
    {
        if (text.Length < 2 || !IPAddress.TryParse(text, out var ip)) return false;
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || text.AsSpan().Count('.') == 3;
    }

    private static bool IsBooleanLike(object? value) => value switch
    {
        null or bool => true,
        string s => s.Trim().ToLowerInvariant() is "true" or "false" or "yes" or "no" or "1" or "0",
        _ => JsValues.TryNumber(value, out var n) && n is 0 or 1,
    };

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        System.Collections.ICollection c => c.Count == 0,
        DataEntity e => e.Count == 0,
        _ => false,
    };

    /// <summary>Args <c>{min, max, inclusive}</c> (inclusive by default).</summary>
    private static bool InNumberRange(object? value, JsonObject? args)
    {
        if (!JsValues.TryNumber(value, out var n)) return false;
        var min = (double?)args?["min"] ?? double.NegativeInfinity;
        var max = (double?)args?["max"] ?? double.PositiveInfinity;
        var inclusive = (bool?)args?["inclusive"] ?? true;
        return inclusive ? n >= min && n <= max : n > min && n < max;
    }

    /// <summary>Args <c>{cidr}</c> or <c>{start, end}</c> (inclusive).</summary>
    private static bool InIpRange(object? value, JsonObject? args)
    {
        if (value is not string text) return false;
        if ((string?)args?["cidr"] is { } cidr) return IpRange.TryParse(cidr, out var range) && range.Contains(text);
        if (!IPAddress.TryParse(text, out var ip)) return false;
        var start = (string?)args?["start"] is { } s && IPAddress.TryParse(s, out var a) ? a : null;
        var end = (string?)args?["end"] is { } e && IPAddress.TryParse(e, out var b) ? b : null;
        if (start is null && end is null) return false;
        return (start is null || CompareAddresses(ip, start) >= 0) && (end is null || CompareAddresses(ip, end) <= 0);
    }

    private static int CompareAddresses(IPAddress a, IPAddress b)
    {
        if (a.AddressFamily != b.AddressFamily) return a.AddressFamily.CompareTo(b.AddressFamily);
        return a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());
    }

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+\.[^\s@]+$")]
    private static partial Regex EmailPattern();
}
