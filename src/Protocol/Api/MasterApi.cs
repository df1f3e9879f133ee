
namespace Teraslice.Akka.Protocol.Api;

// The REST API sends these requests and gets exactly one reply: a JsonReply (the body of a
// success) or a Rejection (an expected failure of a kind the API maps to an HTTP status). Reads of
// stored records (IRecordQuery) are answered from the shared store on the node asked; the rest
// go to the cluster master through its singleton proxy. Query parameters are validated by the API
// before a request is sent, so what answers can trust them.

/// <summary>A request from the REST API to the cluster master.</summary>
public interface IMasterRequest : ITerasliceMessage;

/// <summary>
/// A request that only reads: asking it again changes nothing, so the API retries it while the
/// master moves to another node (a request sent to the old one is lost with it).
/// </summary>
public interface IMasterQuery : IMasterRequest;

/// <summary>
/// A read of stored records (jobs, executions, slice errors, assets): answered from the shared
/// store by the node that is asked, never by the cluster master, so it does not wait while the
/// master singleton moves.
/// </summary>
public interface IRecordQuery : IMasterQuery;

/// <summary>Success: the JSON body to send; <see cref="Created"/> when it names something new (HTTP 201).</summary>
public sealed record JsonReply(string Json, bool Created = false) : ITerasliceMessage;

/// <summary>An expected failure of a <see cref="Kind"/> (the API maps kinds to HTTP statuses).</summary>
public sealed record Rejection(RejectionKind Kind, string Message) : ITerasliceMessage
{
    public static Rejection BadRequest(string message) => new(RejectionKind.BadRequest, message);
    public static Rejection NotFound(string message) => new(RejectionKind.NotFound, message);
    public static Rejection Conflict(string message) => new(RejectionKind.Conflict, message);
    public static Rejection Gone(string message) => new(RejectionKind.Gone, message);
    public static Rejection Unprocessable(string message) => new(RejectionKind.Unprocessable, message);
    public static Rejection Unavailable(string message) => new(RejectionKind.Unavailable, message);
}

/// <summary>The kinds of expected failure (the API maps each to an HTTP status; the values are frozen: they travel).</summary>
public enum RejectionKind
{
    /// <summary>The request is malformed or names something invalid.</summary>
    BadRequest = 1,
    /// <summary>What the request names does not exist.</summary>
    NotFound = 2,
    /// <summary>The request conflicts with the current state (a job already running, ...).</summary>
    Conflict = 3,
    /// <summary>What the request names was deleted.</summary>
    Gone = 4,
    /// <summary>The request is larger than accepted.</summary>
    PayloadTooLarge = 5,
    /// <summary>Well formed, but its content cannot be accepted (a bad asset bundle, ...).</summary>
    Unprocessable = 6,
    /// <summary>A fault: the request did not complete.</summary>
    Internal = 7,
    /// <summary>Not available now; the request did nothing and may be sent again.</summary>
    Unavailable = 8,
}

/// <summary>Paging, sorting and the deleted filter shared by the list routes.</summary>
/// <param name="From">Records to skip (≥ 0).</param>
/// <param name="Size">Records to return (0..10,000).</param>
/// <param name="SortField">A sortable field of the record (validated by the API).</param>
/// <param name="SortDescending">Sort order.</param>
/// <param name="Deleted">true: only soft-deleted records; false: only records not deleted.</param>
public sealed record ListQuery(int From, int Size, string SortField, bool SortDescending, bool Deleted)
{
    public const int MaxSize = 10_000;
    public static ListQuery Default { get; } = new(0, 100, "_updated", true, false);
}

/// <summary>Fields of job, execution and slice-error records that lists may be sorted on.</summary>
public static class SortableFields
{
    public static readonly IReadOnlyList<string> Jobs = ["_created", "_updated", "name", "job_id"];
    public static readonly IReadOnlyList<string> Executions = ["_created", "_updated", "name", "job_id", "ex_id", "_status"];
    public static readonly IReadOnlyList<string> SliceErrors = ["_created", "_updated", "slicer_order", "slice_id", "ex_id"];
    public static readonly IReadOnlyList<string> Assets = ["_created", "name", "version", "id"];
}

// ---- cluster --------------------------------------------------------------------------------

/// <summary>GET /cluster/state: the map node_id → node state.</summary>
public sealed record GetClusterState : IMasterQuery
{
    public static GetClusterState Instance { get; } = new();
}

/// <summary>GET /cluster/controllers, /jobs/{id}/controller, /ex/{id}/controller.</summary>
/// <param name="JobId">Only this job's latest execution, when set.</param>
/// <param name="ExId">Only this execution, when set.</param>
public sealed record GetControllers(string? JobId, string? ExId) : IMasterQuery;

// ---- jobs -----------------------------------------------------------------------------------

/// <summary>POST /jobs: validate and store the job; create and start an execution when <see cref="Start"/>.</summary>
/// <param name="JobId">
/// The id the caller chose (null: the cluster chooses one). Submitting the same job again under it
/// changes nothing and answers the ids it got the first time; another job under it is refused.
/// </param>
public sealed record SubmitJob(JobSpec Job, bool Start, string? JobId = null) : IMasterRequest;

/// <summary>POST /jobs/{id}/_kill: stop the job's execution (forced, answering when it has stopped) and never run the job again.</summary>
public sealed record KillJob(string JobId) : IMasterRequest;

/// <summary>GET /jobs.</summary>
/// <param name="Active">"true", "false" or null (all).</param>
/// <param name="ExFields">When set, each job gets an "ex" object with these fields of its latest execution (empty: all).</param>
public sealed record ListJobs(ListQuery Query, bool? Active, IReadOnlyList<string>? ExFields) : IRecordQuery;

/// <summary>GET /jobs/{id}.</summary>
public sealed record GetJob(string JobId, IReadOnlyList<string>? ExFields) : IRecordQuery;

/// <summary>GET /jobs/{id}/ex: the latest execution of the job.</summary>
public sealed record GetLatestExecution(string JobId) : IRecordQuery;

/// <summary>POST /jobs/{id}/_start.</summary>
public sealed record StartJob(string JobId) : IMasterRequest;

/// <summary>POST /jobs/{id}/_stop and /ex/{id}/_stop; exactly one of the ids is set.</summary>
/// <param name="Blocking">Wait until the execution reaches a terminal status.</param>
/// <param name="Force">Do not wait for in-flight slices.</param>
/// <param name="TimeoutMs">How long in-flight slices may take before workers are stopped anyway.</param>
public sealed record StopExecution(string? JobId, string? ExId, bool Blocking, bool Force, int? TimeoutMs) : IMasterRequest;

// ---- executions -----------------------------------------------------------------------------

/// <summary>GET /ex.</summary>
/// <param name="Statuses">Only executions in one of these statuses (wire names), when set.</param>
public sealed record ListExecutions(ListQuery Query, IReadOnlyList<string>? Statuses) : IRecordQuery;

/// <summary>GET /ex/{id}.</summary>
public sealed record GetExecution(string ExId) : IRecordQuery;

/// <summary>PUT /jobs/{id}: replace the whole job with <see cref="Job"/>.</summary>
public sealed record UpdateJob(string JobId, JobSpec Job) : IMasterRequest;

/// <summary>DELETE /jobs/{id}: soft delete of the job and its executions (terminal executions only).</summary>
public sealed record DeleteJob(string JobId) : IMasterRequest;

/// <summary>POST /jobs/{id}/_active and /_inactive (deprecated): set the job's active flag.</summary>
public sealed record SetJobActive(string JobId, bool Active) : IMasterRequest;

// ---- execution control (job routes act on the job's latest execution; exactly one id is set)

/// <summary>POST /jobs/{id}/_pause, /ex/{id}/_pause: stop slicing and dispatching; in-flight slices finish.</summary>
public sealed record PauseExecution(string? JobId, string? ExId) : IMasterRequest;

/// <summary>POST /jobs/{id}/_resume, /ex/{id}/_resume.</summary>
public sealed record ResumeExecution(string? JobId, string? ExId) : IMasterRequest;

/// <summary>
/// POST /jobs/{id}/_recover, /ex/{id}/_recover: a new execution that replays the old one's slices.
/// </summary>
/// <param name="CleanupType">all, errors, pending, or null (replay what is not completed, then resume).</param>
public sealed record RecoverExecution(string? JobId, string? ExId, string? CleanupType) : IMasterRequest;

/// <summary>How <see cref="ChangeWorkers"/> changes the worker count.</summary>
public enum WorkerChange
{
    Add,
    Remove,
    Total,
}

/// <summary>POST /jobs/{id}/_workers, /ex/{id}/_workers: add, remove or set the execution's workers.</summary>
public sealed record ChangeWorkers(string? JobId, string? ExId, WorkerChange Change, int Count) : IMasterRequest;

/// <summary>
/// GET /jobs/{id}/errors (the job's latest execution), /ex/{id}/errors, /ex/errors (both ids null:
/// every execution): slice records in state error.
/// </summary>
public sealed record GetSliceErrors(string? JobId, string? ExId, ListQuery Query) : IRecordQuery;

/// <summary>
/// GET /cluster/events: up to <see cref="Max"/> events of the cluster event log with a sequence of
/// at least <see cref="From"/>, in order (a JSON array of <c>ClusterEvent.ToJson()</c>).
/// </summary>
public sealed record GetClusterEvents(long From, int Max) : IRecordQuery
{
    public const int MaxBatch = 1_000;
}

/// <summary>GET /cluster/stats: {controllers: {...}, slicer: {...}} counters since the master started.</summary>
public sealed record GetClusterStats : IMasterQuery
{
    public static GetClusterStats Instance { get; } = new();
}

/// <summary>
/// POST /cluster/_gc: a garbage collection of the store, answered with its report
/// (<c>GcReport.ToJson()</c>): the slicer journals and snapshots of executions that ended longer
/// than <see cref="Retention"/> ago (they cannot be recovered afterwards), the cluster events older
/// than that, then a compaction. One runs at a time; a second waits for the first.
/// </summary>
/// <param name="Retention">History to keep (≥ 0); null: the node's <c>teraslice.gc.retention</c>.</param>
public sealed record RunGc(TimeSpan? Retention) : IMasterRequest;

// ---- assets

/// <summary>POST /assets: store a zip bundle (asset.json at its root). Answers {asset_id} with 201, or 200 for the same bytes again.</summary>
public sealed record UploadAsset(byte[] Zip) : IMasterRequest;

/// <summary>GET /assets, /assets/{name}, /assets/{name}/{version} (a version or a semver range).</summary>
public sealed record ListAssets(string? Name, string? Version, ListQuery Query) : IRecordQuery;

/// <summary>DELETE /assets/{id}.</summary>
public sealed record DeleteAsset(string AssetId) : IMasterRequest;
