using System.Text.Json.Nodes;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

/// <summary>Builds the job and execution records the way Teraslice stores them.</summary>
public static class Documents
{
    /// <summary>Teraslice's timestamp format: ISO-8601 UTC with milliseconds.</summary>
    public static string Now() => IsoDate.Format(DateTime.UtcNow);

    /// <summary>The job record: the spec as submitted plus job_id, _context, _created, _updated.</summary>
    public static JsonObject NewJob(JsonObject spec, string jobId)
    {
        var job = (JsonObject)spec.DeepClone();
        var now = Now();
        job["job_id"] = jobId;
        job["_context"] = "job";
        job["_created"] = now;
        job["_updated"] = now;
        return job;
    }

    /// <summary>The execution record: the validated config plus identity, status and bookkeeping fields.</summary>
    public static JsonObject NewExecution(JsonObject exConfig, string jobId, string exId, string terasliceVersion)
    {
        var ex = (JsonObject)exConfig.DeepClone();
        foreach (var key in new[] { "job_id", "_context", "_created", "_updated", "_deleted", "_deleted_on", "ex_id", "_status",
                     "_has_errors", "_slicer_stats", "_failureReason", "recovered_execution", "recovered_slice_type", "slicer_hostname", "slicer_port", "_gc_on" })
            ex.Remove(key);
        var now = Now();
        ex["job_id"] = jobId;
        ex["ex_id"] = exId;
        ex["_context"] = "ex";
        ex["_created"] = now;
        ex["_updated"] = now;
        ex["_status"] = ExecutionStatus.Pending.ToWire();
        ex["_has_errors"] = false;
        ex["_slicer_stats"] = new JsonObject();
        ex["_failureReason"] = "";
        ex["metadata"] ??= new JsonObject();
        ex["teraslice_version"] = terasliceVersion;
        return ex;
    }

    /// <summary>A patch that sets the status (and _updated).</summary>
    public static JsonObject StatusPatch(ExecutionStatus status) => new()
    {
        ["_status"] = status.ToWire(),
        ["_updated"] = Now(),
    };

    public static string? Str(this JsonObject doc, string key) =>
        doc[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static ExecutionStatus Status(this JsonObject ex) =>
        ExecutionStatuses.TryParse(ex.Str("_status"), out var status) ? status : ExecutionStatus.Pending;

    public static bool IsDeleted(this JsonObject doc) =>
        doc["_deleted"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A copy of the document with only the named fields (all when the list is empty).</summary>
    public static JsonObject Project(JsonObject doc, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0) return (JsonObject)doc.DeepClone();
        var projected = new JsonObject();
        foreach (var field in fields)
            if (doc.TryGetPropertyValue(field, out var value)) projected[field] = value?.DeepClone();
        return projected;
    }
}
