using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Teraslice.Akka;

/// <summary>
/// A job as stored (the spec as submitted plus job_id, _context, _created, _updated, and active,
/// _deleted when they were set), with the fields the commands decide on typed.
/// </summary>
[JsonConverter(typeof(JsonRecordConverter))]
public sealed class JobRecord : JsonRecord, IJsonRecord<JobRecord>
{
    private JobRecord(string json, JsonElement doc) : base(json)
    {
        JobId = String(doc, "job_id") is { Length: > 0 } jobId ? jobId : throw new FormatException("a job needs a non-empty string job_id");
        Name = String(doc, "name") ?? "";
        Active = Bool(doc, "active", absent: true);
        Deleted = Bool(doc, "_deleted", absent: false);
        Created = String(doc, "_created");
        Killed = Bool(doc, "_killed", absent: false);
    }

    public string JobId { get; }

    /// <summary>The job's name ("" when it has none).</summary>
    public string Name { get; }

    /// <summary>active (true unless it is false).</summary>
    public bool Active { get; }

    /// <summary>Soft-deleted (_deleted).</summary>
    public bool Deleted { get; }

    /// <summary>Killed (_killed): it never runs again.</summary>
    public bool Killed { get; }

    /// <summary>_created, as stored.</summary>
    public string? Created { get; }

    /// <exception cref="FormatException">Not a JSON object with a non-empty job_id.</exception>
    public static JobRecord Parse(string json) => Read(json, static (text, doc) => new JobRecord(text, doc));

    /// <exception cref="FormatException">The document lacks a non-empty job_id.</exception>
    public static JobRecord From(JsonObject document) => Parse(TextOf(document));
}
