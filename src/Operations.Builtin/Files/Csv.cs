using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// The csv/tsv parsing options file_reader takes in <c>extra_args</c> (upstream passes that object to
/// csvtojson; we support the options that matter for well-formed files and name the others).
/// </summary>
public sealed record CsvOptions(char? Quote, bool Trim, bool CheckType)
{
    public static readonly CsvOptions Default = new('"', true, false);

    private static readonly string[] Supported = ["quote", "trim", "checkType"];

    /// <summary>The problems of an <c>extra_args</c> object, as "what is wrong" texts.</summary>
    public static IEnumerable<string> Problems(JsonObject? extraArgs, string fieldDelimiter, string lineDelimiter)
    {
        if (extraArgs is null) yield break;
        foreach (var (key, value) in extraArgs)
        {
            switch (key)
            {
                case "quote":
                    if (value is not JsonValue v || !v.TryGetValue<string>(out var quote) || (quote.Length != 1 && quote != "off"))
                        yield return "quote must be a single character, or \"off\"";
                    else if (quote.Length == 1 && (fieldDelimiter.Contains(quote[0]) || lineDelimiter.Contains(quote[0])))
                        yield return "quote must not be part of the field or line delimiter";
                    break;
                case "trim" or "checkType":
                    if (value is not JsonValue b || b.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                        yield return $"{key} must be true or false";
                    break;
                default:
                    yield return $"\"{key}\" is not supported (supported: {string.Join(", ", Supported)})";
                    break;
            }
        }
    }

    /// <summary>Reads a validated <c>extra_args</c> object.</summary>
    public static CsvOptions From(JsonObject? extraArgs)
    {
        if (extraArgs is null) return Default;
        var quote = (string?)extraArgs["quote"];
        return new CsvOptions(
            quote is null ? '"' : quote == "off" ? null : quote[0],
            (bool?)extraArgs["trim"] ?? true,
            (bool?)extraArgs["checkType"] ?? false);
    }
}

/// <summary>What parsing one csv line gave.</summary>
internal enum CsvLineResult
{
    Ok,

    /// <summary>The line ends inside a quoted field: the record goes on after the line delimiter.</summary>
    Unterminated,

    Invalid,
}

/// <summary>
/// Splits one csv line into fields as RFC 4180 does: a field that starts with the quote character
/// runs to the closing quote, a doubled quote inside stands for one; others run to the delimiter.
/// Unquoted values are trimmed (csvtojson's <c>trim</c>); quoted ones are kept as written.
/// </summary>
internal sealed class CsvLineParser(string delimiter, CsvOptions options)
{
    private readonly StringBuilder _quoted = new();

    /// <summary>The fields of the last line parsed: value and whether it was quoted.</summary>
    public List<(string Value, bool Quoted)> Fields { get; } = [];

    public string? Error { get; private set; }

    public CsvLineResult Parse(string line)
    {
        Fields.Clear();
        Error = null;
        var i = 0;
        while (true)
        {
            var start = i;
            if (options.Trim) start = SkipBlanks(line, start);
            if (options.Quote is { } quote && start < line.Length && line[start] == quote)
            {
                _quoted.Clear();
                var j = start + 1;
                while (true)
                {
                    var close = line.IndexOf(quote, j);
                    if (close < 0) return CsvLineResult.Unterminated;
                    _quoted.Append(line, j, close - j);
                    if (close + 1 < line.Length && line[close + 1] == quote)
                    {
                        _quoted.Append(quote);
                        j = close + 2;
                        continue;
                    }
                    j = close + 1;
                    break;
                }
                Fields.Add((_quoted.ToString(), true));
                if (options.Trim) j = SkipBlanks(line, j);
                if (j == line.Length) return CsvLineResult.Ok;
                if (string.CompareOrdinal(line, j, delimiter, 0, delimiter.Length) != 0)
                {
                    Error = $"unexpected text after the closing quote of column {Fields.Count}";
                    return CsvLineResult.Invalid;
                }
                i = j + delimiter.Length;
                continue;
            }
            var next = line.IndexOf(delimiter, i, StringComparison.Ordinal);
            var end = next < 0 ? line.Length : next;
            var value = line.Substring(i, end - i);
            Fields.Add((options.Trim ? value.Trim() : value, false));
            if (next < 0) return CsvLineResult.Ok;
            i = next + delimiter.Length;
        }
    }

    // blanks but not the delimiter itself (a tab in tsv)
    private int SkipBlanks(string line, int i)
    {
        while (i < line.Length && (line[i] == ' ' || (line[i] == '\t' && delimiter != "\t"))) i++;
        return i;
    }

    /// <summary>csvtojson's <c>checkType</c>: numbers and booleans become typed values.</summary>
    public static object ConvertType(string value)
    {
        if (value == "true") return true;
        if (value == "false") return false;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        return value;
    }
}

/// <summary>Writes csv values as json2csv does for file-assets: strings quoted, numbers and booleans bare, null empty.</summary>
internal static class CsvWriter
{
    public static void AppendValue(StringBuilder row, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                AppendQuoted(row, s);
                return;
            case bool b:
                row.Append(b ? "true" : "false");
                return;
            case long or int or short or byte or sbyte or ushort or uint or ulong or decimal:
                row.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case double d:
                if (double.IsFinite(d)) row.Append(d.ToString(CultureInfo.InvariantCulture));
                return;
            case float f:
                if (float.IsFinite(f)) row.Append(f.ToString(CultureInfo.InvariantCulture));
                return;
            case DateTime dt:
                AppendQuoted(row, DataEntityJson.FormatDate(dt));
                return;
            case DateTimeOffset dto:
                AppendQuoted(row, DataEntityJson.FormatDate(dto.UtcDateTime));
                return;
            case byte[] bytes:
                AppendQuoted(row, Convert.ToBase64String(bytes));
                return;
            default:
                // objects and arrays: their JSON text, quoted (json2csv stringifies them)
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
                using (var writer = new Utf8JsonWriter(buffer)) DataEntityJson.WriteValue(writer, value);
                AppendQuoted(row, Encoding.UTF8.GetString(buffer.WrittenSpan));
                return;
        }
    }

    public static void AppendQuoted(StringBuilder row, string s)
    {
        row.Append('"');
        foreach (var c in s)
        {
            if (c == '"') row.Append('"');
            row.Append(c);
        }
        row.Append('"');
    }
}
