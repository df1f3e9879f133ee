using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Master.Storage;

/// <summary>The columns of a job row, derived from its document.</summary>
internal readonly record struct JobColumns(string JobId, string? Name, bool Active, bool Deleted, long Created, long Updated);

/// <summary>The columns of an execution row, derived from its document.</summary>
internal readonly record struct ExecutionColumns(
    string ExId, string JobId, string? Name, string? Status, bool Deleted, long Created, long Updated);

/// <summary>The columns of a slice-error row, derived from its state record; the key is (ExId, SliceId).</summary>
internal readonly record struct SliceErrorColumns(string ExId, string SliceId, long SlicerOrder, long Created, long Updated);

/// <summary>
/// Job, execution and slice-error documents as the store keeps them: JSON text in the order the keys were written,
/// plus the columns that lists filter and sort on, which always follow the document.
/// </summary>
internal static class StateDocuments
{
    // Stored text, never sent to a browser as is: keep non-ASCII readable instead of \uXXXX.
    private static readonly JsonSerializerOptions TextOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // ISO-8601 with or without fraction; an offset other than Z is converted to UTC.
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"];

    public static string ToText(JsonObject document) => document.ToJsonString(TextOptions);

    public static JsonObject Parse(string text) =>
        JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException("a stored document is not a JSON object");

    public static JobColumns JobColumnsOf(JsonObject job)
    {
        var id = RequiredString(job, "job_id", "job");
        return new JobColumns(
            id,
            OptionalString(job, "name"),
            Active: !IsFalse(job["active"]),
            Deleted: IsTrue(job["_deleted"]),
            Timestamp(job, "_created", "job", id),
            Timestamp(job, "_updated", "job", id));
    }

    public static ExecutionColumns ExecutionColumnsOf(JsonObject ex)
    {
        var id = RequiredString(ex, "ex_id", "execution");
        return new ExecutionColumns(
            id,
            RequiredString(ex, "job_id", $"execution {id}"),
            OptionalString(ex, "name"),
            OptionalString(ex, "_status"),
            Deleted: IsTrue(ex["_deleted"]),
            Timestamp(ex, "_created", "execution", id),
            Timestamp(ex, "_updated", "execution", id));
    }

    /// <summary>
    /// The columns of a slice state record (§4.1 of the notes) for the errors projection: ex_id and
    /// slice_id are non-empty strings, slicer_order an integer, state "error", _created and _updated
    /// ISO-8601 timestamps. The other fields (request, error, retry_count, ...) are kept as they are.
    /// </summary>
    public static SliceErrorColumns SliceErrorColumnsOf(JsonObject error)
    {
        var sliceId = RequiredString(error, "slice_id", "slice error");
        var what = $"slice error {sliceId}";
        var exId = RequiredString(error, "ex_id", what);
        if (OptionalString(error, "state") != "error")
            throw new ArgumentException(
                $"{what}: state must be \"error\", got {error["state"]?.ToJsonString() ?? "nothing"}", "document");
        return new SliceErrorColumns(
            exId,
            sliceId,
            Integer(error, "slicer_order", what),
            Timestamp(error, "_created", "slice error", sliceId),
            Timestamp(error, "_updated", "slice error", sliceId));
    }

    /// <summary>Whether <paramref name="text"/> is a timestamp the store accepts for _created and _updated.</summary>
    public static bool IsTimestamp(string? text) => TryParseTimestamp(text, out _);

    /// <summary>An ISO-8601 timestamp field as epoch milliseconds (throws ArgumentException when missing or malformed).</summary>
    public static long TimestampOf(JsonObject doc, string field) => Timestamp(doc, field, "asset", doc["id"]?.ToString() ?? "?");

    /// <summary>
    /// Shallow merge: each top-level key of <paramref name="patch"/> replaces the stored value in its
    /// place; new keys are appended. The patch's values are copied, the patch itself is not changed.
    /// </summary>
    public static JsonObject Merge(JsonObject stored, JsonObject patch)
    {
        foreach (var (key, value) in patch)
            stored[key] = value?.DeepClone();
        return stored;
    }

    /// <summary>A patch may carry its own id (harmless) but must not move the document to another id.</summary>
    public static void EnsurePatchKeepsId(JsonObject patch, string idField, string id)
    {
        if (patch.TryGetPropertyValue(idField, out var value)
            && !(value is JsonValue v && v.TryGetValue<string>(out var patched) && patched == id))
            throw new ArgumentException($"a patch of {idField} {id} cannot change {idField} (got {value?.ToJsonString() ?? "null"})", nameof(patch));
    }

    private static string RequiredString(JsonObject doc, string field, string what) =>
        doc[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
            ? s
            : throw new ArgumentException($"the {what} document needs a non-empty string {field}", "document");

    private static string? OptionalString(JsonObject doc, string field) =>
        doc[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static bool IsFalse(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.False;

    // A JSON integer (no fraction, no exponent) that fits in 64 bits.
    private static long Integer(JsonObject doc, string field, string what) =>
        doc[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"the {what} document needs an integer {field}, got {doc[field]?.ToJsonString() ?? "nothing"}", "document");

    private static bool TryParseTimestamp(string? text, out long milliseconds)
    {
        milliseconds = 0;
        if (text is null || !DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return false;
        milliseconds = at.ToUnixTimeMilliseconds();
        return true;
    }

    private static long Timestamp(JsonObject doc, string field, string what, string id)
    {
        if (doc[field] is JsonValue v && v.TryGetValue<string>(out var text) && TryParseTimestamp(text, out var milliseconds))
            return milliseconds;

        throw new ArgumentException(
            $"{what} {id}: {field} must be an ISO-8601 UTC timestamp such as \"2024-01-01T00:00:00.000Z\", got {doc[field]?.ToJsonString() ?? "nothing"}",
            "document");
    }
}
