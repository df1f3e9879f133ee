using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Submit, start, update, activate and delete jobs: the rules, over the store.</summary>
public sealed class JobCommands(IStateStore store, JobValidation validation, ExecutionFactory executions)
{
    private static readonly ListQuery OneNewest = new(0, 1, "_created", true, false);

    /// <summary>POST /jobs: validate, store, and (with <c>start</c>) create the first execution.</summary>
    public async Task<Decision> SubmitAsync(SubmitJob submit, CancellationToken ct = default)
    {
        if (submit.Job.HasJobId) return Rejections.JobIdOnSubmit;
        var spec = submit.Job.ToDocument();
        var (validated, problem) = await validation.ValidateAsync(spec, ct);
        if (problem is not null) return problem;
        var jobId = Guid.NewGuid().ToString();
        await store.InsertJobAsync(Documents.NewJob(spec, jobId), ct);
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

    /// <summary>POST /jobs/{id}/_start: a new execution of a stored job that is not running.</summary>
    public async Task<Decision> StartAsync(StartJob start, CancellationToken ct = default)
    {
        var job = await store.GetJobRecordAsync(start.JobId, ct);
        if (JobRules.MustBeLive(job, start.JobId, "started") is { } gone) return gone;
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
