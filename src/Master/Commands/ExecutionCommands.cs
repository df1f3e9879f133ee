using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Stop, pause, resume, workers and recover: the rules, over the store.</summary>
public sealed class ExecutionCommands(IStateStore store, JobValidation validation, ExecutionFactory executions, ClusterEventLog events)
{
    private Task<(ExecutionRecord? Ex, Rejection? Problem)> ResolveAsync(string? jobId, string? exId, CancellationToken ct) =>
        ExecutionLookup.ResolveAsync(store, jobId, exId, ct);

    /// <summary>
    /// _stop: an execution that has ended answers its status; a living one goes to its controller.
    /// </summary>
    public async Task<Decision> StopAsync(StopExecution stop, CancellationToken ct = default)
    {
        var (ex, problem) = await ResolveAsync(stop.JobId, stop.ExId, ct);
        if (problem is not null) return problem;
        return ex!.Status.IsTerminal() ? StatusReply(ex.Status) : new Decision.ToController(ex);
    }

    /// <summary>
    /// A stop of an execution that is living in the store but has no controller (it is being
    /// restarted): the stop is recorded directly.
    /// </summary>
    public async Task<Decision> RecordStoppedAsync(string exId, CancellationToken ct = default)
    {
        var ex = await store.PatchExecutionAsync(exId, Documents.StatusPatch(ExecutionStatus.Stopped), ct);
        await events.AppendAsync(ClusterEventKinds.ExecutionStatus, ex?.Str("job_id"), exId,
            new JsonObject { ["status"] = ExecutionStatus.Stopped.ToWire() });
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
        JobRecord? job;
        ExecutionRecord? source;
        if (recover.JobId is not null)
        {
            job = await store.GetJobRecordAsync(recover.JobId, ct);
            if (JobRules.MustBeLive(job, recover.JobId, "recovered") is { } gone) return gone;
            if (JobRules.MustNotBeKilled(job!, "recovered") is { } killed) return killed;
            source = await store.GetLatestExecutionRecordAsync(recover.JobId, ct);
            if (source is null) return Rejections.NothingToRecover(recover.JobId);
        }
        else
        {
            source = await store.GetExecutionRecordAsync(recover.ExId!, ct);
            if (source is null) return Rejections.ExecutionNotFound(recover.ExId!);
            job = await store.GetJobRecordAsync(source.JobId, ct);
            if (job is null || job.Deleted) return Rejections.JobDeleted(source.JobId, "recovered");
            if (JobRules.MustNotBeKilled(job, "recovered") is { } killed) return killed;
        }
        var jobId = source.JobId;
        var latest = await store.GetLatestExecutionRecordAsync(jobId, ct);
        var ofJob = await store.ListExecutionsOfJobAsync(jobId, ct);
        if (JobRules.CanRecover(source, latest, ofJob) is { } refused) return refused;

        JsonObject config;
        if (recover.JobId is not null)
        {
            // the job's current config wins; the old execution fills what the job does not say
            var (validated, problem) = await validation.ValidateStoredAsync(job!, ct);
            if (problem is not null) return problem;
            config = ExecutionFactory.MergeOver(validated!.ExConfig, source);
        }
        else
        {
            config = source.ToDocument();
        }
        var ex = await executions.CreateRecoveryAsync(config, jobId, source.ExId, recover.CleanupType, ct);
        return new Decision.ExecutionCreated(ex, JsonReplies.Of(new JsonObject { ["job_id"] = jobId, ["ex_id"] = ex.ExId }));
    }

    public static Decision StatusReply(ExecutionStatus status) => Decision.Json(new JsonObject { ["status"] = status.ToWire() });
}
