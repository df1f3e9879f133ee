using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Storage;

/// <summary>
/// The master's durable read model: jobs, executions and slice errors as JSON documents (the wire
/// records of the REST API, fields in the order they were written), with the columns lists filter
/// and sort on. Implemented on SQLite and PostgreSQL. Thread-safe: every call opens its own connection.
/// </summary>
public interface IStateStore
{
    /// <summary>Creates the tables and indexes if they do not exist (idempotent).</summary>
    Task InitializeAsync(CancellationToken ct = default);

    // ---- jobs: documents carry job_id, _context "job", _created, _updated; optional active, _deleted, _deleted_on.

    /// <exception cref="InvalidOperationException">A job with this job_id exists already.</exception>
    /// <exception cref="ArgumentException">The document lacks job_id, or _created/_updated are not ISO-8601 timestamps.</exception>
    Task InsertJobAsync(JsonObject job, CancellationToken ct = default);

    /// <summary>Replaces the whole job document (PUT semantics); columns follow the document.</summary>
    /// <exception cref="KeyNotFoundException">No job has the document's job_id.</exception>
    Task ReplaceJobAsync(JsonObject job, CancellationToken ct = default);

    Task<JsonObject?> GetJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>A page of jobs sorted by <see cref="ListQuery.SortField"/>, ties broken by job_id.</summary>
    /// <param name="active">true: jobs whose active is not false; false: jobs with active false; null: all.</param>
    /// <exception cref="ArgumentException">The sort field is not one of <see cref="SortableFields.Jobs"/>.</exception>
    Task<IReadOnlyList<JsonObject>> ListJobsAsync(ListQuery query, bool? active, CancellationToken ct = default);

    // ---- executions: documents carry ex_id, job_id, _context "ex", _created, _updated, _status, ...

    /// <exception cref="InvalidOperationException">An execution with this ex_id exists already.</exception>
    /// <exception cref="ArgumentException">The document lacks ex_id or job_id, or _created/_updated are not ISO-8601 timestamps.</exception>
    Task InsertExecutionAsync(JsonObject ex, CancellationToken ct = default);

    Task<JsonObject?> GetExecutionAsync(string exId, CancellationToken ct = default);

    /// <summary>The execution of the job with the newest _created (any status, deleted too), or null.</summary>
    Task<JsonObject?> GetLatestExecutionAsync(string jobId, CancellationToken ct = default);

    /// <summary>The latest execution of each of these jobs (one query), keyed by job_id.</summary>
    Task<IReadOnlyDictionary<string, JsonObject>> GetLatestExecutionsAsync(IReadOnlyCollection<string> jobIds, CancellationToken ct = default);

    /// <summary>A page of executions sorted by <see cref="ListQuery.SortField"/>, ties broken by ex_id.</summary>
    /// <param name="statuses">Only these _status values (wire names) when not null; an empty collection matches nothing.</param>
    /// <param name="jobId">Only this job's executions when not null.</param>
    /// <exception cref="ArgumentException">The sort field is not one of <see cref="SortableFields.Executions"/>.</exception>
    Task<IReadOnlyList<JsonObject>> ListExecutionsAsync(ListQuery query, IReadOnlyCollection<string>? statuses, string? jobId, CancellationToken ct = default);

    /// <summary>
    /// Shallow-merges <paramref name="patch"/> into the stored execution document (each top-level key
    /// of the patch replaces the stored one, new keys are appended), in one transaction, and returns
    /// the updated document; null when the execution does not exist. The _status and _updated
    /// columns follow the document.
    /// </summary>
    /// <exception cref="ArgumentException">The patch changes ex_id, or the merged document is not valid.</exception>
    Task<JsonObject?> PatchExecutionAsync(string exId, JsonObject patch, CancellationToken ct = default);

    /// <summary>Shallow-merges a patch into a job document, like <see cref="PatchExecutionAsync"/>.</summary>
    Task<JsonObject?> PatchJobAsync(string jobId, JsonObject patch, CancellationToken ct = default);

    /// <summary>
    /// DELETE /jobs/{id}, in one transaction: the job gets <c>_deleted: true</c>, <c>_deleted_on</c>,
    /// <c>active: false</c> and <c>_updated</c>; every execution of the job gets <c>_deleted: true</c>,
    /// <c>_deleted_on</c> and <c>_updated</c> (keys already there keep their place, new ones are
    /// appended). The columns follow the documents. The rules (no running execution, not deleted
    /// already) are the caller's: this call marks whatever it finds.
    /// </summary>
    /// <param name="deletedOn">The ISO-8601 timestamp written to _deleted_on and _updated.</param>
    /// <returns>The updated job document; null, and nothing changed, when the job does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="deletedOn"/> is not an ISO-8601 timestamp.</exception>
    Task<JsonObject?> SoftDeleteJobAsync(string jobId, string deletedOn, CancellationToken ct = default);

    // ---- slice errors: the slice state records (notes §4.1) whose state is "error", keyed by (ex_id, slice_id).

    /// <summary>
    /// Inserts or replaces these state records, in one transaction: a record whose (ex_id, slice_id)
    /// is stored already replaces it (the slicer writes its errors again after a restart), and so does
    /// a later record of the same slice in the batch. Each is stored as given, key order kept. An
    /// empty batch does nothing.
    /// </summary>
    /// <param name="errors">
    /// <c>{slice_id, slicer_id, slicer_order, request, state: "error", ex_id, _created, _updated, error, retry_count?}</c>.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A record is null, lacks slice_id or ex_id, has no integer slicer_order, a state other than
    /// "error", or _created/_updated that are not ISO-8601 timestamps; nothing of the batch is written.
    /// </exception>
    Task UpsertSliceErrorsAsync(IReadOnlyCollection<JsonObject> errors, CancellationToken ct = default);

    /// <summary>
    /// A page of slice errors sorted by <see cref="ListQuery.SortField"/>, ties broken by ex_id then
    /// slice_id. <see cref="ListQuery.Deleted"/> is ignored: errors have no _deleted, and those of a
    /// deleted execution stay listed.
    /// </summary>
    /// <param name="exId">Only this execution's errors when not null; all executions' when null.</param>
    /// <exception cref="ArgumentException">The sort field is not one of <see cref="SortableFields.SliceErrors"/>.</exception>
    Task<IReadOnlyList<JsonObject>> ListSliceErrorsAsync(ListQuery query, string? exId, CancellationToken ct = default);

    // ---- the cluster event log: durable, ordered; appends are serialised, so sequence order is commit order

    /// <summary>Appends events in this order, in one transaction; returns them with the sequences the log gave them.</summary>
    /// <exception cref="ArgumentException">An event has an empty kind; nothing is appended.</exception>
    Task<IReadOnlyList<ClusterEvent>> AppendEventsAsync(IReadOnlyList<NewClusterEvent> events, CancellationToken ct = default);

    /// <summary>Up to <paramref name="max"/> events with a sequence of at least <paramref name="from"/>, in order.</summary>
    Task<IReadOnlyList<ClusterEvent>> ReadEventsAsync(long from, int max, CancellationToken ct = default);

    // ---- garbage collection: what finished work left behind

    /// <summary>
    /// The executions in a terminal status whose <c>_updated</c> is before <paramref name="updatedBefore"/>
    /// and that were not collected yet (no <c>_gc_on</c>), deleted ones too, oldest first.
    /// </summary>
    Task<IReadOnlyList<JsonObject>> ListEndedExecutionsAsync(DateTimeOffset updatedBefore, CancellationToken ct = default);

    /// <summary>
    /// In one transaction: marks the execution collected (<c>_gc_on</c> appended to its document,
    /// <c>_updated</c> left as it is) and deletes the rows of <paramref name="persistenceIds"/> (its
    /// slicers') from the journal and snapshot tables of <paramref name="journal"/>. Nothing is done,
    /// and null returned, when the execution does not exist, has not ended, or was collected already.
    /// </summary>
    /// <param name="gcOn">The ISO-8601 timestamp written to _gc_on.</param>
    /// <exception cref="ArgumentException"><paramref name="gcOn"/> is not an ISO-8601 timestamp.</exception>
    Task<SliceHistoryDeleted?> DeleteSliceHistoryAsync(
        string exId, IReadOnlyCollection<string> persistenceIds, string gcOn, JournalTables journal, CancellationToken ct = default);

    /// <summary>Deletes the cluster events appended before <paramref name="before"/>; returns how many.</summary>
    Task<long> DeleteEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default);

    /// <summary>The database's size on disk (SQLite: the file and its write-ahead log); null where it cannot be measured (PostgreSQL).</summary>
    Task<long?> SizeInBytesAsync(CancellationToken ct = default);

    /// <summary>
    /// Gives the space of deleted rows back: SQLite <c>VACUUM</c> (<c>PRAGMA incremental_vacuum</c> when
    /// the file is in incremental auto-vacuum mode) then a checkpoint of the write-ahead log;
    /// PostgreSQL nothing (autovacuum reuses the space). Returns what it did, for logs.
    /// </summary>
    Task<string> CompactAsync(CancellationToken ct = default);

    // ---- assets: zip bundles with their metadata document {id, name, version, _created, ...}

    /// <summary>Stores a bundle; false when one with the same id (the same bytes) is already stored.</summary>
    Task<bool> InsertAssetAsync(JsonObject asset, byte[] zip, CancellationToken ct = default);

    Task<JsonObject?> GetAssetAsync(string id, CancellationToken ct = default);

    /// <summary>The bundle's bytes, or null.</summary>
    Task<byte[]?> GetAssetZipAsync(string id, CancellationToken ct = default);

    /// <param name="name">Only this name, when set.</param>
    /// <param name="version">Only this exact version (with a name), when set.</param>
    Task<IReadOnlyList<JsonObject>> ListAssetsAsync(ListQuery query, string? name, string? version, CancellationToken ct = default);

    /// <summary>Removes a bundle; false when there was none.</summary>
    Task<bool> DeleteAssetAsync(string id, CancellationToken ct = default);
}

/// <summary>The rows a garbage collection deleted for one execution.</summary>
public sealed record SliceHistoryDeleted(long JournalRows, long SnapshotRows);

/// <summary>An event to append to the cluster event log (the log gives it its sequence).</summary>
public sealed record NewClusterEvent(string Kind, string? JobId, string? ExId, JsonObject Data, DateTimeOffset At);
