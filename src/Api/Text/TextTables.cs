using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Api.Text;

/// <summary>
/// What the <c>/txt</c> tables show: their default columns, their records taken from the master's
/// JSON replies, and each cell as upstream prints it (<c>N/A</c> when the record has no value).
/// </summary>
internal static class TextTables
{
    public const string Missing = "N/A";

    public static readonly IReadOnlyList<string> WorkerColumns = ["assignment", "job_id", "ex_id", "node_id", "pid"];

    public static readonly IReadOnlyList<string> NodeColumns =
        ["node_id", "state", "hostname", "total", "active", "pid", "teraslice_version", "node_version"];

    public static readonly IReadOnlyList<string> JobColumns =
        ["job_id", "name", "active", "lifecycle", "slicers", "workers", "_created", "_updated"];

    public static readonly IReadOnlyList<string> ExecutionColumns =
        ["name", "lifecycle", "slicers", "workers", "_status", "ex_id", "job_id", "_created", "_updated"];

    public static readonly IReadOnlyList<string> ControllerColumns =
        ["name", "job_id", "workers_available", "workers_active", "failed", "queued", "processed"];

    /// <summary>Upstream's asset columns without node_version, platform and arch (a .NET bundle has none).</summary>
    public static readonly IReadOnlyList<string> AssetColumns = ["name", "version", "id", "_created", "description"];

    /// <summary>Upstream's asset table cuts descriptions to their first 30 characters.</summary>
    public const int AssetDescriptionLength = 30;

    /// <summary>Listed after the defaults of jobs and executions when deleted records are asked for.</summary>
    public const string DeletedOnColumn = "_deleted_on";

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The records of a list reply (a JSON array).</summary>
    public static IReadOnlyList<JsonNode?> Records(string json) =>
        JsonNode.Parse(json) is JsonArray records
            ? [.. records]
            : throw new InvalidOperationException("the master's list reply is not a JSON array");

    /// <summary>The records of an asset list, each description cut to <see cref="AssetDescriptionLength"/> characters.</summary>
    public static IReadOnlyList<JsonNode?> Assets(string json)
    {
        var assets = Records(json);
        foreach (var asset in assets)
        {
            if (asset is JsonObject fields && fields["description"] is JsonValue value
                && value.TryGetValue<string>(out var description) && description.Length > AssetDescriptionLength)
                fields["description"] = Cut(description, AssetDescriptionLength);
        }
        return assets;
    }

    /// <summary>The nodes of a cluster state (a map node_id → node), with <c>active</c> as a count of processes.</summary>
    public static IReadOnlyList<JsonNode?> Nodes(string clusterStateJson)
    {
        var nodes = ClusterState(clusterStateJson);
        foreach (var (_, node) in nodes)
            if (node is JsonObject fields && fields["active"] is JsonArray active)
                fields["active"] = active.Count;
        return [.. nodes.Select(entry => entry.Value)];
    }

    /// <summary>
    /// One record per process in the <c>active</c> list of every node of a cluster state, with
    /// its node's <c>node_id</c> and <c>hostname</c> added (as upstream's findAllWorkers does).
    /// </summary>
    public static IReadOnlyList<JsonNode?> Workers(string clusterStateJson)
    {
        var workers = new List<JsonNode?>();
        foreach (var (key, node) in ClusterState(clusterStateJson))
        {
            if (node is not JsonObject fields || fields["active"] is not JsonArray active)
                continue;
            var nodeId = fields["node_id"]?.DeepClone() ?? JsonValue.Create(key);
            var hostname = fields["hostname"];
            foreach (var process in active)
            {
                if (process is JsonObject worker)
                {
                    worker["node_id"] = nodeId.DeepClone();
                    if (hostname is not null)
                        worker["hostname"] = hostname.DeepClone();
                }
                workers.Add(process);
            }
        }
        return workers;
    }

    /// <summary>Rows of cells for <see cref="TextTable.Render"/>: each column's value in each record.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cells(IReadOnlyList<string> columns, IEnumerable<JsonNode?> records) =>
        [.. records.Select(record => (IReadOnlyList<string>)[.. columns.Select(column => Cell(record, column))])];

    /// <summary>
    /// The field's value as JavaScript's String() would print it (arrays joined by commas), objects
    /// as compact JSON; <c>N/A</c> when absent or null. A field with dots is a path (<c>_slicer_stats.processed</c>)
    /// unless the record has a field of that very name (lodash get).
    /// </summary>
    public static string Cell(JsonNode? record, string field) =>
        Lookup(record, field) is { } value ? Printable(Text(value)) : Missing;

    private static JsonObject ClusterState(string json) =>
        JsonNode.Parse(json) as JsonObject
            ?? throw new InvalidOperationException("the master's cluster state reply is not a JSON object");

    private static JsonNode? Lookup(JsonNode? record, string field)
    {
        if (record is not JsonObject fields)
            return null;
        if (fields.TryGetPropertyValue(field, out var exact) || !field.Contains('.'))
            return exact;

        JsonNode? node = record;
        foreach (var key in field.Split('.'))
        {
            node = node switch
            {
                JsonObject o => o[key],
                JsonArray a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
                return null;
        }
        return node;
    }

    private static string Text(JsonNode value) => value switch
    {
        JsonArray items => string.Join(',', items.Select(item => item is null ? "" : Text(item))),
        JsonObject => value.ToJsonString(CompactJson),
        _ when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    /// <summary>The first <paramref name="length"/> UTF-16 units (as JavaScript's slice), without splitting a surrogate pair.</summary>
    private static string Cut(string text, int length) =>
        char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];

    /// <summary>A line break or tab inside a cell would break the table's rows and columns.</summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)) : text;
}
