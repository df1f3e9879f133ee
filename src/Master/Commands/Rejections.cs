using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// The wording of every rejection the command handlers and queries give, each in one place
/// (Teraslice's own text where it has one). The API maps the kind to an HTTP status.
/// </summary>
public static class Rejections
{
    public static Rejection JobIdOnSubmit { get; } = Rejection.Unprocessable("Job cannot include a job_id on submit");

    public static Rejection JobNotFound(string jobId) => Rejection.NotFound($"Job {jobId} was not found");

    /// <param name="cannotBe">What the deletion prevents: "started", "updated", "recovered".</param>
    public static Rejection JobDeleted(string jobId, string cannotBe) =>
        Rejection.Gone($"Job {jobId} has been deleted and cannot be {cannotBe}.");

    /// <param name="cannotBe">What the kill prevents: "started", "recovered", "submitted again".</param>
    public static Rejection JobKilled(string jobId, string cannotBe) =>
        Rejection.Conflict($"Job {jobId} was killed and cannot be {cannotBe}.");

    /// <param name="difference">The first difference, e.g. <c>operations[0].size: 10 stored, 20 submitted</c>.</param>
    public static Rejection SubmittedWithAnotherJob(string jobId, string difference) =>
        Rejection.Conflict($"Job {jobId} was submitted before with another job ({difference}); submit it under another job id, or update it with PUT /jobs/{jobId}");

    public static Rejection JobAlreadyDeleted(string jobId) => Rejection.Gone($"Job {jobId} has already been deleted.");

    public static Rejection JobRunning(string jobId) =>
        Rejection.Conflict($"Job {jobId} is currently running, cannot have the same job concurrently running");

    public static Rejection JobRunningCannotDelete(string jobId) =>
        Rejection.Conflict($"Job {jobId} is currently running, cannot delete a running job.");

    public static Rejection ExecutionNotFound(string exId) => Rejection.NotFound($"Execution {exId} was not found");

    public static Rejection NoExecutionOfJob(string jobId) => Rejection.NotFound($"No execution was found for job {jobId}");

    public static Rejection NothingToRecover(string jobId) =>
        Rejection.NotFound($"Job {jobId} is missing an execution to recover from");

    public static Rejection NoActiveExecution(string exId) =>
        Rejection.NotFound($"no active execution context was found for ex_id: {exId}");

    /// <param name="verb">"pause", "resume", "change workers of".</param>
    public static Rejection NotAvailableTo(string exId, string verb) => Rejection.Conflict($"Execution {exId} is not available to {verb}");

    public static Rejection NoActiveSlicer(string exId) => Rejection.NotFound($"Could not find active slicer for ex_id: {exId}");

    public static Rejection RecoverLivingExecution(string exId, string status) =>
        Rejection.Conflict($"Execution {exId} is {status}: only an execution that has ended can be recovered");

    public static Rejection AlreadyRecovered(string exId, string byExId) =>
        Rejection.Conflict($"Execution {exId} was already recovered by execution {byExId}; recover that one instead");

    public static Rejection SliceHistoryCollected(string exId, DateTime collectedOn) =>
        Rejection.Gone($"Execution {exId} cannot be recovered: its slice history was garbage-collected on {IsoDate.Format(collectedOn)} " +
                       "(it ended longer ago than the retention, teraslice.gc.retention); start the job again instead");

    public static Rejection NegativeRetention(TimeSpan retention) =>
        Rejection.BadRequest($"retention must be zero or more, got {retention}");

    public static Rejection GcWithoutJournal { get; } = new(RejectionKind.Internal,
        "the cluster master cannot collect garbage: it was started without the journal's tables (JournalTables)");

    public static Rejection BadAssetEntry(string jobName, string entry) =>
        Rejection.BadRequest($"Validation failed for job config: {jobName} - assets: every entry must be an asset id, name or name:version, got {entry}");

    public static Rejection AssetExists(string name, string version) =>
        Rejection.Conflict($"Asset name:\"{name}\" AND version:\"{version}\" already exists, please increment the version and send again");

    public static Rejection AssetIdMalformed(string assetId) =>
        Rejection.BadRequest($"asset {assetId} is not formatted correctly, please provide the full asset_id");

    public static Rejection AssetNotFound(string assetId) => Rejection.NotFound($"Unable to find asset {assetId}");

    public static Rejection NotAVersion(string text) => Rejection.BadRequest($"\"{text}\" is not a version or a semver range");

    public static Rejection RemoveTooManyWorkers(int count, int current) =>
        Rejection.BadRequest($"workers to be removed: {count} cannot be >= to current workers: {current}");

    /// <summary>A fault (a store that failed, a bug): the command did not complete.</summary>
    public static Rejection Failed(Exception cause) =>
        new(RejectionKind.Internal, "the cluster master could not complete the request: " + cause.Message);
}
