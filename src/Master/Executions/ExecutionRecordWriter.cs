using System.Text.Json.Nodes;
using Akka.Event;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// An execution's status and the writes of its record: each status change passes Teraslice's
/// transition guard, and writes are chained so they land in the order they were made, without
/// blocking the controller.
/// </summary>
internal sealed class ExecutionRecordWriter(IStateStore store, string exId, ExecutionStatus status, ILoggingAdapter log)
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
        Write(patch);
        return true;
    }

    public void Write(JsonObject patch)
    {
        _writes = _writes.ContinueWith(async _ =>
        {
            try
            {
                await store.PatchExecutionAsync(exId, patch);
            }
            catch (Exception e)
            {
                log.Error(e, "Execution {ExId}: could not write its record", exId);
            }
        }, TaskScheduler.Default).Unwrap();
    }
}
