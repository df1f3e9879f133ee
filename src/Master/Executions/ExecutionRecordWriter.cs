using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// An execution's status and the writes of its record: each status change passes Teraslice's
/// transition guard, and writes are chained so they land in the order they were made, without
/// blocking the controller. A status change is appended to the cluster event log once its record
/// is written, so whoever reads the record after the event sees the status.
/// </summary>
internal sealed class ExecutionRecordWriter(IStateStore store, string exId, string jobId, ExecutionStatus status, ILoggingAdapter log)
{
    private Task _writes = Task.CompletedTask;

    public ExecutionStatus Status { get; private set; } = status;

    /// <summary>Completes when every write made so far has landed (or failed, logged).</summary>
    public Task Written => _writes;

    /// <summary>Moves to <paramref name="next"/> and writes it (with <paramref name="extra"/> fields); false when the guard refuses.</summary>
    public bool SetStatus(ExecutionStatus next, JsonObject? extra = null)
    {
        if (ExecutionStatuses.CheckTransition(Status, next) is { } problem)
        {
            log.Warning("Execution {ExId}: {Problem}", exId, problem);
            return false;
        }
        Status = next;
        var patch = Documents.StatusPatch(next);
        if (extra is not null)
            foreach (var (key, value) in extra) patch[key] = value?.DeepClone();
        var data = new JsonObject { ["status"] = next.ToWire() };
        if (extra?["_failureReason"] is JsonValue reason) data["reason"] = reason.DeepClone();
        Write(patch, data);
        return true;
    }

    /// <summary>
    /// Sends <paramref name="reply"/> to <paramref name="replyTo"/> once every write made so far has
    /// landed, so whoever reads the record after the answer sees what it says.
    /// </summary>
    public void AnswerWhenWritten(IActorRef replyTo, object reply) =>
        _writes.ContinueWith(_ => reply, TaskScheduler.Default).PipeTo(replyTo);

    /// <summary>Moves a new execution through scheduling to initializing, naming where its controller runs.</summary>
    public void SetInitializing(string hostname, int port)
    {
        SetStatus(ExecutionStatus.Scheduling);
        SetStatus(ExecutionStatus.Initializing, new JsonObject { ["slicer_hostname"] = hostname, ["slicer_port"] = port });
    }

    /// <summary>Moves to failing with Teraslice's _has_errors and _failureReason.</summary>
    public bool SetFailing(string reason) =>
        SetStatus(ExecutionStatus.Failing, new JsonObject { ["_has_errors"] = true, ["_failureReason"] = reason });

    /// <summary>Moves to a terminal status with the final _slicer_stats (and the failure's reason, if any).</summary>
    public bool SetEnded(ExecutionStatus status, JsonObject stats, string? failureReason)
    {
        var patch = new JsonObject { ["_slicer_stats"] = stats };
        if (failureReason is not null)
        {
            patch["_has_errors"] = true;
            patch["_failureReason"] = failureReason;
        }
        return SetStatus(status, patch);
    }

    public void WriteStats(JsonObject stats) => Write(new JsonObject { ["_slicer_stats"] = stats, ["_updated"] = Documents.Now() });

    /// <summary>The desired worker count outlives the controller (a master that restarts reads it).</summary>
    public void WriteWorkers(int workers) => Write(new JsonObject { ["workers"] = workers, ["_updated"] = Documents.Now() });

    /// <param name="statusEvent">The data of the execution_status event to append once the record is written, if any.</param>
    private void Write(JsonObject patch, JsonObject? statusEvent = null)
    {
        _writes = _writes.ContinueWith(async _ =>
        {
            try
            {
                await store.PatchExecutionAsync(exId, patch);
                if (statusEvent is not null)
                    await store.AppendEventAsync(ClusterEventKinds.ExecutionStatus, jobId, exId, statusEvent, DateTimeOffset.UtcNow);
            }
            catch (Exception e)
            {
                log.Error(e, "Execution {ExId}: could not write its record", exId);
            }
        }, TaskScheduler.Default).Unwrap();
    }
}
