using System.Text.Json.Nodes;

namespace Teraslice.Akka;

/// <summary>
/// One entry of the cluster's event log: what happened (<see cref="Kind"/>, one of
/// <see cref="ClusterEventKinds"/>), to which job and execution, when, with its details. The log is
/// durable and ordered: <see cref="Sequence"/> numbers start at 1 and only grow, and a reader that
/// has seen one sequence never sees a smaller one appear later.
/// </summary>
/// <param name="Sequence">The event's place in the log (1, 2, ...; numbers may be skipped, never reordered).</param>
/// <param name="Timestamp">When it was appended (UTC).</param>
/// <param name="Kind">What happened: one of <see cref="ClusterEventKinds"/>.</param>
/// <param name="JobId">The job it concerns, if any.</param>
/// <param name="ExId">The execution it concerns, if any.</param>
/// <param name="Data">The details, by kind (a status, a node id, a slice's error, ...).</param>
public sealed record ClusterEvent(long Sequence, DateTimeOffset Timestamp, string Kind, string? JobId, string? ExId, JsonObject Data)
{
    /// <summary>The event as the REST API writes it: sequence, timestamp (ISO-8601 UTC), kind, job_id, ex_id, data.</summary>
    public JsonObject ToJson() => new()
    {
        ["sequence"] = Sequence,
        ["timestamp"] = Timestamps.Format(Timestamp),
        ["kind"] = Kind,
        ["job_id"] = JobId,
        ["ex_id"] = ExId,
        ["data"] = Data.DeepClone(),
    };

    /// <summary>Reads an event written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">A field is missing or of the wrong type.</exception>
    public static ClusterEvent FromJson(JsonObject json)
    {
        try
        {
            return new ClusterEvent(
                json["sequence"]!.GetValue<long>(),
                Timestamps.Parse(json["timestamp"]!.GetValue<string>()),
                json["kind"]!.GetValue<string>(),
                (string?)json["job_id"],
                (string?)json["ex_id"],
                json["data"] is JsonObject data ? (JsonObject)data.DeepClone() : []);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not a cluster event: {json.ToJsonString()}", e);
        }
    }
}

/// <summary>The kinds of <see cref="ClusterEvent"/>.</summary>
public static class ClusterEventKinds
{
    /// <summary>A job was stored (data: name, started).</summary>
    public const string JobSubmitted = "job_submitted";

    /// <summary>An execution changed status (data: status; reason for failures).</summary>
    public const string ExecutionStatus = "execution_status";

    /// <summary>A node joined the cluster master's table (data: node_id, slots).</summary>
    public const string NodeJoined = "node_joined";

    /// <summary>A node left or stopped reporting (data: node_id, reason).</summary>
    public const string NodeLeft = "node_left";

    /// <summary>A node started workers for an execution (data: node_id, requested, started).</summary>
    public const string WorkersAllocated = "workers_allocated";

    /// <summary>A slice failed after its retries (data: slice_id, slicer_id, slicer_order, error, retry_count).</summary>
    public const string SliceFailed = "slice_failed";

    /// <summary>A job was killed: it never runs again.</summary>
    public const string JobKilled = "job_killed";

    /// <summary>A garbage collection ran (data: what it deleted).</summary>
    public const string Gc = "gc";
}
