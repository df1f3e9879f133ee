using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Submit, start, update, activate, delete and kill jobs: the rules, over the store.</summary>
public sealed class JobCommands(IStateStore store, JobValidation validation, ExecutionFactory executions, ClusterEventLog events)
{
    private static readonly ListQuery OneNewest = new(0, 1, "_created", true, false);

    /// <summary>
    /// POST /jobs: validate, store, and (with <c>start</c>) create the first execution. Under a job id
    /// the caller chose that is taken: the same job again answers its ids (and starts it only if it
    /// never ran and this submission asks to); another job is refused naming the first difference.
    /// </summary>
    public async Task<Decision> SubmitAsync(SubmitJob submit, CancellationToken ct = default)
    {
        if (submit.Job.HasJobId) return Rejections.JobIdOnSubmit;
        var spec = submit.Job.ToDocument();
        if (submit.JobId is { } chosen && await store.GetJobRecordAsync(chosen, ct) is { } existing)
            return await ResubmitAsync(existing, spec, submit.Start, ct);
        var (validated, problem) = await validation.ValidateAsync(spec, ct);
        if (problem is not null) return problem;
        var jobId = submit.JobId ?? Guid.NewGuid().ToString();
        await store.InsertJobAsync(Documents.NewJob(spec, jobId), ct);
        await events.AppendAsync(ClusterEventKinds.JobSubmitted, jobId, null, new JsonObject { ["name"] = spec.Str("name"), ["start"] = submit.Start });
        var reply = new JsonObject { ["job_id"] = jobId };
        if (!submit.Start)
        {
            JobValidation.AddWarnings(reply, validated!);
            return Decision.Json(reply);
        }
        var ex = await executions.CreateAsync(validated!.ExConfig, jobId, ct);
        reply["ex_id"] = ex.ExId;
        JobValidation.AddWarnings(reply, validated);
        return new Decision.ExecutionCreated(ex, JsonReplies.Of(reply));
    }

    private async Task<Decision> ResubmitAsync(JobRecord existing, JsonObject spec, bool start, CancellationToken ct)
    {
        if (JobRules.MustNotBeKilled(existing, "submitted again") is { } killed) return killed;
        if (JobDifference.Between(JobValidation.WithoutMetadata(existing.ToDocument()), spec) is { } difference)
            return Rejections.SubmittedWithAnotherJob(existing.JobId, difference);
        var latest = await store.GetLatestExecutionRecordAsync(existing.JobId, ct);
        if (latest is null && start && !existing.Deleted) return await StartAsync(new StartJob(existing.JobId), ct);
        var reply = new JsonObject { ["job_id"] = existing.JobId };
        if (latest is not null) reply["ex_id"] = latest.ExId;
        return Decision.Json(reply);
    }

    /// <summary>POST /jobs/{id}/_start: a new execution of a stored job that is not running.</summary>
    public async Task<Decision> StartAsync(StartJob start, CancellationToken ct = default)
    {
        var job = await store.GetJobRecordAsync(start.JobId, ct);
        if (JobRules.MustBeLive(job, start.JobId, "started") is { } gone) return gone;
        if (JobRules.MustNotBeKilled(job!, "started") is { } killed) return killed;
        var latest = await store.GetLatestExecutionRecordAsync(start.JobId, ct);
        if (JobRules.MustNotBeRunning(latest, start.JobId) is { } running) return running;
        var (validated, problem) = await validation.ValidateStoredAsync(job!, ct);
        if (problem is not null) return problem;
        var ex = JobRules.StartRecovers(validated!.Job, latest)
            ? await executions.CreateRecoveryAsync(ExecutionFactory.MergeOver(validated.ExConfig, latest!), start.JobId, latest!.ExId, "pending", ct)
            : await executions.CreateAsync(validated.ExConfig, start.JobId, ct);
        var reply = new JsonObject { ["job_id"] = start.JobId, ["ex_id"] = ex.ExId };
        JobValidation.AddWarnings(reply, validated);
        return new Decision.ExecutionCreated(ex, JsonReplies.Of(reply));
    }

    /// <summary>PUT /jobs/{id}: replace the whole job, keeping its id and _created.</summary>
    public async Task<Decision> UpdateAsync(UpdateJob update, CancellationToken ct = default)
    {
        var job = await store.GetJobRecordAsync(update.JobId, ct);
        if (JobRules.MustBeLive(job, update.JobId, "updated") is { } gone) return gone;
        var spec = JobValidation.WithoutMetadata(update.Job.ToDocument());
        ValidatedJob? validated = null;
        if (!JobRules.SkipsValidation(update.Job))
        {
            (validated, var problem) = await validation.ValidateAsync(spec, ct);
            if (problem is not null) return problem;
        }
        var replaced = (JsonObject)spec.DeepClone(); // the validation may share nodes of the spec
        replaced["job_id"] = update.JobId;
        replaced["_context"] = "job";
        replaced["_created"] = job!.Created;
        replaced["_updated"] = Documents.Now();
        if (job.Killed) // a kill outlives an update
            foreach (var field in (string[])["_killed", "_killed_on"]) replaced[field] = job.ToDocument()[field]?.DeepClone();
        await store.ReplaceJobAsync(replaced, ct);
        if (validated is not null) JobValidation.AddWarnings(replaced, validated);
        return Decision.Json(replaced);
    }

    /// <summary>POST /jobs/{id}/_active, /_inactive.</summary>
    public async Task<Decision> SetActiveAsync(SetJobActive set, CancellationToken ct = default)
    {
        var job = await store.GetJobRecordAsync(set.JobId, ct);
        if (JobRules.MustBeLive(job, set.JobId, "updated") is { } gone) return gone;
        var updated = await store.PatchJobAsync(set.JobId, new JsonObject { ["active"] = set.Active, ["_updated"] = Documents.Now() }, ct);
        return updated is null ? Rejections.JobNotFound(set.JobId) : Decision.Json(updated);
    }

    /// <summary>
    /// POST /jobs/{id}/_kill: the job is marked killed (it never runs again: start, recover and a
    /// second submission are refused), then its living execution, if any, is stopped at once.
    /// </summary>
    public async Task<Decision> KillAsync(KillJob kill, CancellationToken ct = default)
    {
        if (await store.GetJobRecordAsync(kill.JobId, ct) is not { } job) return Rejections.JobNotFound(kill.JobId);
        if (!job.Killed)
        {
            var now = Documents.Now();
            await store.PatchJobAsync(kill.JobId, new JsonObject { ["_killed"] = true, ["_killed_on"] = now, ["active"] = false, ["_updated"] = now }, ct);
            await events.AppendAsync(ClusterEventKinds.JobKilled, kill.JobId, null, []);
        }
        var latest = await store.GetLatestExecutionRecordAsync(kill.JobId, ct);
        if (latest is not null && latest.Status.IsLiving()) return new Decision.ToController(latest);
        return Decision.Json(new JsonObject { ["status"] = latest?.Status.ToWire() });
    }

    /// <summary>DELETE /jobs/{id}: a soft delete of the job and its executions.</summary>
    public async Task<Decision> DeleteAsync(DeleteJob delete, CancellationToken ct = default)
    {
        var job = await store.GetJobRecordAsync(delete.JobId, ct);
        var living = job is null || job.Deleted
            ? []
            : await store.ListExecutionsAsync(OneNewest, ExecutionStatuses.LivingWire, delete.JobId, ct);
        if (JobRules.CanDelete(job, delete.JobId, living.Count > 0) is { } refused) return refused;
        var deleted = await store.SoftDeleteJobAsync(delete.JobId, Documents.Now(), ct);
        return deleted is null ? Rejections.JobNotFound(delete.JobId) : Decision.Json(deleted);
    }
}
