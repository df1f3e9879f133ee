using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Stop, pause, resume, workers and recover: the rules, over the store.</summary>
public sealed class ExecutionCommands(IStateStore store, JobValidation validation, ExecutionFactory executions)
{
    private Task<(JsonObject? Ex, Rejection? Problem)> ResolveAsync(string? jobId, string? exId, CancellationToken ct) =>
        ExecutionLookup.ResolveAsync(store, jobId, exId, ct);

    /// <summary>
    /// _stop: an execution that has ended answers its status; a living one goes to its controller.
    /// </summary>
    public async Task<Decision> StopAsync(StopExecution stop, CancellationToken ct = default)
    {
        var (ex, problem) = await ResolveAsync(stop.JobId, stop.ExId, ct);
        if (problem is not null) return problem;
        var status = ex!.Status();
        return status.IsTerminal() ? StatusReply(status) : new Decision.ToController(ex!);
    }

    /// <summary>
    /// A stop of an execution that is living in the store but has no controller (it is being
    /// restarted): the stop is recorded directly.
    /// </summary>
    public async Task<Decision> RecordStoppedAsync(string exId, CancellationToken ct = default)
    {
        await store.PatchExecutionAsync(exId, Documents.StatusPatch(ExecutionStatus.Stopped), ct);
        return StatusReply(ExecutionStatus.Stopped);
    }

    /// <summary>_pause, _resume, _workers: a living execution's controller answers.</summary>
    public async Task<Decision> ControlAsync(string? jobId, string? exId, CancellationToken ct = default)
    {
        var (ex, problem) = await ResolveAsync(jobId, exId, ct);
        if (problem is not null) return problem;
        return JobRules.MustBeLiving(ex!) is { } ended ? ended : new Decision.ToController(ex!);
    }

    /// <summary>_recover: a new execution that replays what the old one left undone.</summary>
    public async Task<Decision> RecoverAsync(RecoverExecution recover, CancellationToken ct = default)
    {
        JsonObject? job;
        JsonObject? source;
        if (recover.JobId is not null)
        {
            job = await store.GetJobAsync(recover.JobId, ct);
            if (JobRules.MustBeLive(job, recover.JobId, "recovered") is { } gone) return gone;
            source = await store.GetLatestExecutionAsync(recover.JobId, ct);
            if (source is null) return Rejections.NothingToRecover(recover.JobId);
        }
        else
        {
            source = await store.GetExecutionAsync(recover.ExId!, ct);
            if (source is null) return Rejections.ExecutionNotFound(recover.ExId!);
            var ownerId = source.Str("job_id")!;
            job = await store.GetJobAsync(ownerId, ct);
            if (job is null || job.IsDeleted()) return Rejections.JobDeleted(ownerId, "recovered");
        }
        var jobId = source.Str("job_id")!;
        var latest = await store.GetLatestExecutionAsync(jobId, ct);
        var ofJob = await store.ListExecutionsAsync(new ListQuery(0, ListQuery.MaxSize, "_created", false, false), null, jobId, ct);
        if (JobRules.CanRecover(source, latest, ofJob) is { } refused) return refused;

        JsonObject config = source;
        if (recover.JobId is not null)
        {
            // the job's current config wins; the old execution fills what the job does not say
            var (validated, problem) = await validation.ValidateStoredAsync(job!, ct);
            if (problem is not null) return problem;
            config = ExecutionFactory.MergeOver(validated!.ExConfig, source);
        }
        var ex = await executions.CreateRecoveryAsync(config, jobId, source.Str("ex_id")!, recover.CleanupType, ct);
        return new Decision.ExecutionCreated(ex, JsonReplies.Of(new JsonObject { ["job_id"] = jobId, ["ex_id"] = ex.Str("ex_id") }));
    }

    public static Decision StatusReply(ExecutionStatus status) => Decision.Json(new JsonObject { ["status"] = status.ToWire() });
}
