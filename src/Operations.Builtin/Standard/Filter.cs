using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>filter</c> (standard-assets): drops the records whose <c>field</c> meets the criterion of
/// <c>filter_by</c> against <c>value</c> (any of its values when it is an array); with
/// <c>invert</c> it keeps only those. Criteria: <c>match</c> (===), <c>regex</c> (<c>/pattern/flags</c>),
/// <c>ip_range</c> (CIDR), <c>validator</c> (a named check) and <c>size</c> (estimated bytes &gt; value).
/// A field holding an array matches when any element does; <c>exception_rules</c> keep records
/// whatever the criterion says.
/// </summary>
public sealed class Filter : ProcessorDefinition<FilterConfig, FilterOperation>
{
    public override string Name => "filter";
    public override string Description => "Drops (or, inverted, keeps) records whose field matches a value, regex, IP range, check or size";

    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        var c = (FilterConfig)config;
        var values = FilterOperation.Values(c.Value);
        switch (c.FilterBy)
        {
            case "regex":
                foreach (var value in values)
                {
                    if (value is not string text) yield return $"value: must be a regex (\"/pattern/flags\") or an array of them for filter_by regex, got {JsValues.ToJson(value)}";
                    else if (!RegexText.TryCreate(text, out _, out var error)) yield return $"value: {error}";
                }
                break;
            case "ip_range":
                foreach (var value in values)
                    if (value is not string text || !IpRange.TryParse(text, out _))
                        yield return $"value: must be an IP range in CIDR notation (\"10.0.0.0/8\") or an array of them for filter_by ip_range, got {JsValues.ToJson(value)}";
                break;
            case "size":
                if (values.Length != 1 || !JsValues.TryNumber(values[0], out _))
                    yield return $"value: must be a number (bytes) for filter_by size, got {c.Value?.ToJsonString() ?? "null"}";
                break;
            case "validator":
                if (c.ValidationFunction is null)
                    yield return $"validation_function: is required for filter_by validator (one of: {string.Join(", ", FieldValidators.Names)})";
                break;
        }
        if (c.ValidationFunction is { } name && !FieldValidators.Exists(name))
            yield return $"validation_function: \"{name}\" is not a supported check (one of: {string.Join(", ", FieldValidators.Names)})";
        for (var i = 0; i < (c.ExceptionRules?.Count ?? 0); i++)
        {
            var rule = c.ExceptionRules![i];
            if (string.IsNullOrWhiteSpace(rule.Field)) yield return $"exception_rules[{i}].field: is required (a field name)";
            if (rule.Value is null) yield return $"exception_rules[{i}].value: is required and cannot be null";
            else if (rule.Regex == true && (rule.Value is not JsonValue v || !v.TryGetValue<string>(out var text) || !RegexText.TryCreate(text, out _, out _)))
                yield return $"exception_rules[{i}].value: must be a regex (\"/pattern/flags\") when regex is true, got {rule.Value.ToJsonString()}";
        }
    }
}

public sealed record FilterConfig : OpConfig
{
    /// <summary>The field to test (dotted paths reach nested fields), or several (any of them matching).</summary>
    [Required(ErrorMessage = "is required (a field name or an array of field names)")]
    [NonEmptyNames]
    public FieldSelector? Field { get; init; }

    /// <summary>What the field is compared with; an array means any of its values.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Keep the matching records instead of dropping them.</summary>
    public bool Invert { get; init; }

    /// <summary>Test this element of an array field (-1: the whole field).</summary>
    public int ArrayIndex { get; init; } = -1;

    /// <summary>match, regex, ip_range, validator or size.</summary>
    [OneOf("match", "regex", "ip_range", "validator", "size")]
    public string FilterBy { get; init; } = "match";

    /// <summary>The check of filter_by validator (a DataMate FieldValidator name; see docs for the supported ones).</summary>
    public string? ValidationFunction { get; init; }

    /// <summary>Arguments of the check (e.g. <c>{"cidr": "10.0.0.0/8"}</c> for inIPRange).</summary>
    public JsonObject? ValidationFunctionArgs { get; init; }

    /// <summary>Hand dropped records to <c>_dead_letter_action</c> (with its default, throw, a dropped record fails the slice).</summary>
    public bool FilteredToDeadLetterQueue { get; init; }

    /// <summary>Records matching any of these rules are kept whatever the filter says.</summary>
    public List<FilterExceptionRule>? ExceptionRules { get; init; }
}

/// <summary>Keeps a record whose top-level <c>field</c> equals <c>value</c> (or matches it as a regex when <c>regex</c> is true).</summary>
public sealed record FilterExceptionRule(string Field, JsonNode? Value, bool? Regex);

public sealed class FilterOperation : FilterProcessor<FilterConfig>
{
    private const string WholeRecord = "doc";

    private FieldPath[] _fields = [];
    private object?[] _values = [];
    private Regex[] _regexes = [];
    private IpRange[] _ranges = [];
    private Func<object?, JsonObject?, bool>? _validator;
    private double _size;
    private (string Field, object? Value, Regex? Regex)[]? _exceptions;
    private Func<object?, bool> _compare = null!;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        _fields = Config.Field!.Names.Select(n => new FieldPath(n)).ToArray();
        _values = Values(Config.Value);
        switch (Config.FilterBy)
        {
            case "regex":
                _regexes = _values.Select(v => RegexText.Create((string)v!)).ToArray();
                _compare = MatchesRegex;
                break;
            case "ip_range":
                _ranges = _values.Select(v => IpRange.TryParse(v as string, out var r) ? r : throw new InvalidOperationException($"filter: bad ip range {v}")).ToArray();
                _compare = InRange;
                break;
            case "validator":
                _validator = FieldValidators.Get(Config.ValidationFunction!);
                _compare = v => _validator(v, Config.ValidationFunctionArgs);
                break;
            case "size":
                JsValues.TryNumber(_values[0], out _size);
                _compare = v => JsValues.TryNumber(v, out var n) && n > _size;
                break;
            default:
                _compare = Equal;
                break;
        }
        if (Config.ExceptionRules is { Count: > 0 } rules)
            _exceptions = rules.Select(r => (r.Field, DataEntityJson.FromNode(r.Value), r.Regex == true ? RegexText.Create((string)DataEntityJson.FromNode(r.Value)!) : null)).ToArray();
        return ValueTask.CompletedTask;
    }

    public override bool Filter(DataEntity record)
    {
        if (_exceptions is not null && IsException(record)) return true;
        var matched = Matches(record);
        var keep = Config.Invert ? matched : !matched;
        if (!keep && Config.FilteredToDeadLetterQueue) RejectRecord(record, new InvalidOperationException("Record was rejected"));
        return keep;
    }

    private bool Matches(DataEntity record)
    {
        if (Config.Field!.IsList)
        {
            foreach (var field in _fields)
                if (field.TryGet(record, out var value) && Criteria(Config.FilterBy == "size" ? Size(value) : value)) return true;
            return false;
        }
        var path = _fields[0];
        if (Config.FilterBy == "size")
            return Criteria(path.Path == WholeRecord ? Size(record) : Size(record.Get(path.Path)));
        if (Config.ArrayIndex > -1)
            return record.Get(path.Path) is IList list && Config.ArrayIndex < list.Count && Criteria(list[Config.ArrayIndex]);
        return path.TryGet(record, out var found) && Criteria(found);
    }

    /// <summary>Any element of an array value, else the value.</summary>
    private bool Criteria(object? value)
    {
        if (value is IList list and not byte[])
        {
            foreach (var item in list)
                if (_compare(item)) return true;
            return false;
        }
        return _compare(value);
    }

    private bool Equal(object? value)
    {
        foreach (var expected in _values)
            if (JsValues.StrictEquals(value, expected)) return true;
        return false;
    }

    private bool MatchesRegex(object? value)
    {
        if (value is null) return false;
        var text = JsValues.ToText(value);
        foreach (var regex in _regexes)
            if (regex.IsMatch(text)) return true;
        return false;
    }

    private bool InRange(object? value)
    {
        if (value is not string text) return false;
        foreach (var range in _ranges)
            if (range.Contains(text)) return true;
        return false;
    }

    private bool IsException(DataEntity record)
    {
        foreach (var (field, value, regex) in _exceptions!)
        {
            var actual = record.Get(field);
            if (actual is null) continue;
            if (regex is not null ? regex.IsMatch(JsValues.ToText(actual)) : JsValues.StrictEquals(actual, value)) return true;
        }
        return false;
    }

    /// <summary>The config value as a list of values (an array is several).</summary>
    internal static object?[] Values(JsonNode? value) =>
        value is JsonArray array ? array.Select(DataEntityJson.FromNode).ToArray() : [DataEntityJson.FromNode(value)];

    /// <summary>Upstream's estimate of a value's size in bytes: 2 per character, 8 per number, 4 per boolean, keys included.</summary>
    internal static long Size(object? value)
    {
        switch (value)
        {
            case null: return 0;
            case string s: return 2L * s.Length;
            case bool: return 4;
            case DateTime or DateTimeOffset: return 48; // as its ISO text
            case byte[] bytes: return bytes.Length;
            case DataEntity entity:
                long total = 0;
                foreach (var (key, item) in entity) total += 2L * key.Length + Size(item);
                return total;
            case IDictionary<string, object?> map:
                long sum = 0;
                foreach (var (key, item) in map) sum += 2L * key.Length + Size(item);
                return sum;
            case IList list:
                long items = 0;
                for (var i = 0; i < list.Count; i++) items += 2L * (i < 10 ? 1 : (int)Math.Floor(Math.Log10(i)) + 1) + Size(list[i]);
                return items;
            default:
                return JsValues.TryNumber(value, out _) ? 8 : 0;
        }
    }
}

/// <summary>JavaScript regex literals (<c>/^jo.*/i</c>) as .NET regexes; a text without slashes is the pattern itself.</summary>
internal static class RegexText
{
    public static Regex Create(string text) =>
        TryCreate(text, out var regex, out var error) ? regex : throw new ArgumentException(error);

    public static bool TryCreate(string text, out Regex regex, out string error)
    {
        regex = null!;
        error = "";
        var pattern = text;
        var options = RegexOptions.CultureInvariant;
        var last = text.LastIndexOf('/');
        if (text.Length >= 2 && text[0] == '/' && last > 0)
        {
            pattern = text[1..last];
            foreach (var flag in text.AsSpan(last + 1))
            {
                switch (flag)
                {
                    case 'i': options |= RegexOptions.IgnoreCase; break;
                    case 'm': options |= RegexOptions.Multiline; break;
                    case 's': options |= RegexOptions.Singleline; break;
                    case 'g' or 'u' or 'y' or 'd': break; // no meaning for a test
                    default:
                        error = $"could not convert {text} to regex, invalid flag \"{flag}\"";
                        return false;
                }
            }
        }
        try
        {
            regex = new Regex(pattern, options, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException e)
        {
            error = $"could not convert {text} to regex, {e.Message}";
            return false;
        }
    }
}
