using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Api.Http;

/// <summary>
/// Reads and validates query options. Each bad value is a 400 that names the option and what it
/// accepts. An empty value (<c>?size=</c>) means the default, except for <c>ex</c>.
/// </summary>
internal sealed class QueryParameters(IQueryCollection query)
{
    /// <summary>Query options of the worker-count change (<c>_workers</c>).</summary>
    private static readonly (string Name, WorkerChange Change)[] WorkerOptions =
        [("add", WorkerChange.Add), ("remove", WorkerChange.Remove), ("total", WorkerChange.Total)];

    /// <summary>Values of <c>cleanup_type</c>, as the master expects them.</summary>
    private static readonly string[] CleanupTypes = ["all", "errors", "pending"];

    /// <summary>The longest <c>retention</c> a TimeSpan holds.</summary>
    private static readonly long MaxRetentionMs = (long)TimeSpan.MaxValue.TotalMilliseconds;

    /// <summary>from, size, sort and deleted of a list route.</summary>
    public ListQuery ToListQuery(IReadOnlyList<string> sortableFields)
    {
        var (from, size) = Page();
        var (field, descending) = Sort(sortableFields);
        var deleted = Boolean("deleted") ?? ListQuery.Default.Deleted;
        return new ListQuery(from, size, field, descending, deleted);
    }

    /// <summary>from, size and sort of the slice-error routes; slice records are never deleted.</summary>
    public ListQuery ToSliceErrorsQuery()
    {
        var (from, size) = Page();
        var (field, descending) = Sort(SortableFields.SliceErrors);
        return new ListQuery(from, size, field, descending, Deleted: false);
    }

    /// <summary>
    /// from, size and sort of the asset lists (default <c>_created:desc</c>, as upstream); assets are
    /// deleted for good, so <c>deleted</c> does not apply.
    /// </summary>
    public ListQuery ToAssetsQuery()
    {
        var (from, size) = Page();
        var (field, descending) = Sort(SortableFields.Assets, defaultField: "_created");
        return new ListQuery(from, size, field, descending, Deleted: false);
    }

    /// <summary>from (≥ 0) and size (0..10,000), with the list defaults.</summary>
    public (int From, int Size) Page()
    {
        var from = Integer("from", ListQuery.Default.From, max: int.MaxValue, "an integer >= 0");
        var size = Integer("size", ListQuery.Default.Size, max: ListQuery.MaxSize,
            $"an integer from 0 to {ListQuery.MaxSize}");
        return (from, size);
    }

    /// <summary>true|false, absent (or empty) → null.</summary>
    public bool? Active() => Boolean("active");

    /// <summary>A true|false option (case-insensitive) with its default.</summary>
    public bool Flag(string name, bool defaultValue) => Boolean(name) ?? defaultValue;

    /// <summary>timeout in milliseconds, ≥ 0; absent → null.</summary>
    public int? TimeoutMs() =>
        Single("timeout") is null ? null : Integer("timeout", 0, max: int.MaxValue, "an integer >= 0 (milliseconds)");

    /// <summary>status: a comma list of execution statuses, as wire names; absent or empty → null.</summary>
    public IReadOnlyList<string>? Statuses()
    {
        var statuses = new List<string>();
        foreach (var entry in Entries("status"))
        {
            if (!ExecutionStatuses.TryParse(entry, out var status))
                throw ApiException.BadRequest(
                    $"status query option has an unknown status \"{entry}\"; allowed: {string.Join(", ", ExecutionStatuses.All)}");
            var wire = status.ToWire();
            if (!statuses.Contains(wire))
                statuses.Add(wire);
        }
        return statuses.Count == 0 ? null : statuses;
    }

    /// <summary>ex: a comma list of execution fields; <c>ex=</c> → empty (all fields); absent → null.</summary>
    public IReadOnlyList<string>? ExFields() => query.ContainsKey("ex") ? Entries("ex").ToList() : null;

    /// <summary>
    /// fields of a <c>/txt</c> table: column names separated by commas or spaces, in order, each
    /// once; absent or empty → null (the table's defaults).
    /// </summary>
    public IReadOnlyList<string>? Fields()
    {
        var fields = new List<string>();
        foreach (var value in query.TryGetValue("fields", out var values) ? values : StringValues.Empty)
        {
            if (value is null)
                continue;
            foreach (var field in value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                if (!fields.Contains(field))
                    fields.Add(field);
        }
        return fields.Count == 0 ? null : fields;
    }

    /// <summary>
    /// cleanup_type, or its alias cleanup (as upstream): all, errors or pending (any case);
    /// absent or empty → null. Both given with different values → 400.
    /// </summary>
    public string? CleanupType()
    {
        var type = Cleanup("cleanup_type");
        var alias = Cleanup("cleanup");
        if (type is not null && alias is not null && type != alias)
            throw ApiException.BadRequest(
                $"cleanup_type and its alias cleanup must not differ; got \"{type}\" and \"{alias}\"");
        return type ?? alias;
    }

    /// <summary>
    /// Exactly one of add, remove or total, an integer ≥ 0 (0 passes, as upstream); anything else
    /// is a 400 with upstream's message.
    /// </summary>
    public (WorkerChange Change, int Count) WorkerCount()
    {
        (WorkerChange Change, int Count)? found = null;
        foreach (var (name, change) in WorkerOptions)
        {
            var text = Single(name);
            if (text is null)
                continue;
            if (found is not null
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw InvalidWorkerCount();
            found = (change, count);
        }
        return found ?? throw InvalidWorkerCount();
    }

    /// <summary>
    /// <c>job_id</c> of <c>POST /jobs</c> (ours): the id the caller chooses, 1 to 128 letters, digits,
    /// <c>-</c>, <c>_</c>, <c>.</c> or <c>:</c>, starting with a letter or digit; null when absent.
    /// </summary>
    public string? ChosenJobId()
    {
        var text = Single("job_id");
        if (text is null) return null;
        if (text.Length <= 128 && char.IsAsciiLetterOrDigit(text[0])
            && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            return text;
        throw ApiException.BadRequest(
            $"job_id query option must be 1 to 128 letters, digits, '-', '_', '.' or ':' starting with a letter or digit; got \"{(text.Length > 40 ? text[..40] + "..." : text)}\"");
    }

    /// <summary><c>from</c> of <c>GET /cluster/events</c>: the first sequence wanted (default 0: the beginning).</summary>
    public long FromSequence()
    {
        var text = Single("from");
        if (text is null) return 0;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        throw ApiException.BadRequest($"from query option must be a sequence number (0 or more); got \"{text}\"");
    }

    /// <summary>
    /// <c>retention</c> of <c>POST /cluster/_gc</c> (ours): a duration as Teraslice writes them
    /// (<c>7d</c>, <c>12 hours</c>, <c>30m</c>, or milliseconds), zero or more; absent or empty → null
    /// (the node's <c>teraslice.gc.retention</c>).
    /// </summary>
    public TimeSpan? Retention()
    {
        var text = Single("retention");
        if (text is null) return null;
        if (Duration.TryParseMilliseconds(text, out var ms) && ms >= 0 && ms <= MaxRetentionMs) return TimeSpan.FromMilliseconds(ms);
        throw ApiException.BadRequest(
            $"retention query option must be a duration of zero or more, such as 7d, 12h, 30m or a number of milliseconds; got \"{(text.Length > 40 ? text[..40] + "..." : text)}\"");
    }

    /// <summary><c>limit</c>: at most this many (0..<paramref name="max"/>, default <paramref name="defaultValue"/>).</summary>
    public int Limit(int defaultValue, int max) => Integer("limit", defaultValue, max, $"a number from 0 to {max}");

    /// <summary>
    /// Upstream's Lucene <c>filter</c> cannot be honoured yet (the list requests carry no
    /// filter); answering unfiltered records as if filtered would mislead, so refuse it.
    /// </summary>
    /// <param name="instead">What the route offers in its place, for the message.</param>
    public void RejectFilter(string instead = "status, active or deleted")
    {
        if (Single("filter") is not null)
            throw ApiException.BadRequest($"filter query option is not supported; use {instead}");
    }

    private string? Cleanup(string name)
    {
        var text = Single(name);
        if (text is null)
            return null;
        return CleanupTypes.FirstOrDefault(type => type.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiException.BadRequest($"cleanup_type must be empty or set to {string.Join(", ", CleanupTypes)}");
    }

    private static ApiException InvalidWorkerCount() => ApiException.BadRequest(
        "Must provide a valid worker parameter(add/remove/total) that is a number and greater than zero");

    /// <param name="defaultField">Sorted on when <c>sort</c> is absent, descending (default <c>_updated</c>).</param>
    private (string Field, bool Descending) Sort(IReadOnlyList<string> fields, string? defaultField = null)
    {
        var text = Single("sort");
        if (text is null)
            return (defaultField ?? ListQuery.Default.SortField, ListQuery.Default.SortDescending);

        var colon = text.IndexOf(':');
        var field = colon < 0 ? text : text[..colon];
        var direction = colon < 0 ? "desc" : text[(colon + 1)..];
        var descending = direction.Equals("desc", StringComparison.OrdinalIgnoreCase);
        if (fields.Contains(field) && (descending || direction.Equals("asc", StringComparison.OrdinalIgnoreCase)))
            return (field, descending);

        throw ApiException.BadRequest(
            $"sort query option must be field, field:asc or field:desc with field one of {string.Join(", ", fields)}; got \"{text}\"");
    }

    private int Integer(string name, int defaultValue, int max, string allowed)
    {
        var text = Single(name);
        if (text is null)
            return defaultValue;
        // Digits only: no sign, spaces, decimals or exponents.
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max)
            return value;
        throw ApiException.BadRequest($"{name} query option must be {allowed}; got \"{text}\"");
    }

    private bool? Boolean(string name)
    {
        var text = Single(name);
        if (text is null)
            return null;
        if (bool.TryParse(text, out var value) && !text.Any(char.IsWhiteSpace))
            return value;
        throw ApiException.BadRequest($"{name} query option must be true or false; got \"{text}\"");
    }

    /// <summary>The option's one value; absent or empty → null; given twice → 400.</summary>
    private string? Single(string name)
    {
        if (!query.TryGetValue(name, out var values))
            return null;
        if (values.Count > 1)
            throw ApiException.BadRequest($"{name} query option must be given once");
        return string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    /// <summary>Comma-separated entries of all the option's values, trimmed, empty ones dropped.</summary>
    private IEnumerable<string> Entries(string name)
    {
        var values = query.TryGetValue(name, out var v) ? v : StringValues.Empty;
        foreach (var value in values)
        {
            if (value is null)
                continue;
            foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                yield return entry;
        }
    }
}
