using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka;

/// <summary>
/// An execution as stored (Teraslice's ex record: the validated job config plus ex_id, job_id,
/// _status, _slicer_stats, ...), with the fields the cluster acts on typed. It is what the master
/// gives a controller, and what a controller gives the slicers and the workers it asks for.
/// </summary>
[JsonConverter(typeof(JsonRecordConverter))]
public sealed class ExecutionRecord : JsonRecord, IJsonRecord<ExecutionRecord>
{
    private ExecutionRecord(string json, JsonElement doc) : base(json)
    {
        ExId = String(doc, "ex_id") is { Length: > 0 } exId ? exId : throw new FormatException("an execution needs a non-empty string ex_id");
        JobId = String(doc, "job_id") is { Length: > 0 } jobId ? jobId : throw new FormatException($"execution {ExId} needs a non-empty string job_id");
        Name = String(doc, "name") ?? "";
        Status = ExecutionStatuses.TryParse(String(doc, "_status"), out var status) ? status : ExecutionStatus.Pending;
        IsPersistent = String(doc, "lifecycle") == "persistent";
        Workers = (int)Math.Clamp(Integer(doc, "workers") ?? 1, 0, int.MaxValue);
        Slicers = (int)Math.Clamp(Integer(doc, "slicers") ?? 1, 1, int.MaxValue);
        ProbationWindow = TimeSpan.FromMilliseconds(Math.Max(100, Integer(doc, "probation_window") ?? 300_000));
        Autorecover = Bool(doc, "autorecover", absent: false);
        RecoveredExecution = String(doc, "recovered_execution") is { Length: > 0 } from ? from : null;
        RecoveredSliceType = String(doc, "recovered_slice_type") is { Length: > 0 } type ? type : null;
        Deleted = Bool(doc, "_deleted", absent: false);
        if (doc.TryGetProperty("_slicer_stats", out var stats) && stats.ValueKind == JsonValueKind.Object
            && String(stats, "started") is { } started
            && DateTime.TryParse(started, null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
            Started = at;
        Updated = Timestamp(String(doc, "_updated"));
        GcOn = Timestamp(String(doc, "_gc_on"));
    }

    public string ExId { get; }

    public string JobId { get; }

    /// <summary>The job's name ("" when it has none).</summary>
    public string Name { get; }

    /// <summary>_status (pending when absent or unknown).</summary>
    public ExecutionStatus Status { get; }

    /// <summary>lifecycle "persistent": runs until stopped.</summary>
    public bool IsPersistent { get; }

    /// <summary>The worker slots wanted (workers, 1 when absent).</summary>
    public int Workers { get; }

    /// <summary>The parallel slicers (slicers, at least 1).</summary>
    public int Slicers { get; }

    /// <summary>How long a failing persistent execution must progress without errors to be running again (at least 100 ms).</summary>
    public TimeSpan ProbationWindow { get; }

    public bool Autorecover { get; }

    /// <summary>The execution this one recovers (recovered_execution), or null.</summary>
    public string? RecoveredExecution { get; }

    /// <summary>The cleanup type of a recovery (all, errors, pending), or null.</summary>
    public string? RecoveredSliceType { get; }

    public bool Deleted { get; }

    /// <summary>When it started processing (_slicer_stats.started), if it did.</summary>
    public DateTime? Started { get; }

    /// <summary>When the record last changed (_updated, UTC); for an ended execution, when it ended. Null when absent or not a timestamp.</summary>
    public DateTime? Updated { get; }

    /// <summary>
    /// When a garbage collection deleted its slicers' journals (_gc_on, UTC), or null: once set, it
    /// cannot be recovered any more.
    /// </summary>
    public DateTime? GcOn { get; }

    /// <summary>A record of this text.</summary>
    /// <exception cref="FormatException">Not a JSON object with a non-empty ex_id and job_id.</exception>
    public static ExecutionRecord Parse(string json) => Read(json, static (text, doc) => new ExecutionRecord(text, doc));

    /// <summary>A record of this document (written as the store writes it).</summary>
    /// <exception cref="FormatException">The document lacks a non-empty ex_id or job_id.</exception>
    public static ExecutionRecord From(JsonObject document) => Parse(TextOf(document));

    private static DateTime? Timestamp(string? text) =>
        text is not null && DateTime.TryParse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
}
