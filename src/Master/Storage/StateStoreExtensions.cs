using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Storage;

/// <summary>
/// The typed view of the store the commands and the master decide on: a stored job or execution as
/// a <see cref="JobRecord"/> or <see cref="ExecutionRecord"/> (the reads that answer the API keep the
/// documents: they only project and send them).
/// </summary>
public static class StateStoreExtensions
{
    public static async Task<JobRecord?> GetJobRecordAsync(this IStateStore store, string jobId, CancellationToken ct = default) =>
        await store.GetJobAsync(jobId, ct) is { } job ? JobRecord.From(job) : null;

    public static async Task<ExecutionRecord?> GetExecutionRecordAsync(this IStateStore store, string exId, CancellationToken ct = default) =>
        await store.GetExecutionAsync(exId, ct) is { } ex ? ExecutionRecord.From(ex) : null;

    /// <summary>The job's execution with the newest _created (any status, deleted too), or null.</summary>
    public static async Task<ExecutionRecord?> GetLatestExecutionRecordAsync(this IStateStore store, string jobId, CancellationToken ct = default) =>
        await store.GetLatestExecutionAsync(jobId, ct) is { } ex ? ExecutionRecord.From(ex) : null;

    /// <summary>Every execution of the job that is not deleted, oldest first (page by page).</summary>
    public static Task<IReadOnlyList<ExecutionRecord>> ListExecutionsOfJobAsync(this IStateStore store, string jobId, CancellationToken ct = default) =>
        ListAllAsync(store, null, jobId, ct);

    /// <summary>Every execution in a living status, oldest first (page by page).</summary>
    public static Task<IReadOnlyList<ExecutionRecord>> ListLivingExecutionsAsync(this IStateStore store, CancellationToken ct = default) =>
        ListAllAsync(store, ExecutionStatuses.LivingWire, null, ct);

    private static async Task<IReadOnlyList<ExecutionRecord>> ListAllAsync(IStateStore store, IReadOnlyCollection<string>? statuses, string? jobId, CancellationToken ct)
    {
        var all = new List<ExecutionRecord>();
        for (var from = 0; ; from += ListQuery.MaxSize)
        {
            var page = await store.ListExecutionsAsync(new ListQuery(from, ListQuery.MaxSize, "_created", false, false), statuses, jobId, ct);
            all.AddRange(page.Select(ExecutionRecord.From));
            if (page.Count < ListQuery.MaxSize) return all;
        }
    }

    /// <summary>Appends one event (<see cref="IStateStore.AppendEventsAsync"/>); returns it with its sequence.</summary>
    public static async Task<ClusterEvent> AppendEventAsync(this IStateStore store, string kind, string? jobId, string? exId, JsonObject data,
        DateTimeOffset at, CancellationToken ct = default) =>
        (await store.AppendEventsAsync([new NewClusterEvent(kind, jobId, exId, data, at)], ct))[0];

    /// <summary>Inserts a new execution document and returns it as a record.</summary>
    public static async Task<ExecutionRecord> InsertExecutionRecordAsync(this IStateStore store, JsonObject ex, CancellationToken ct = default)
    {
        var record = ExecutionRecord.From(ex);
        await store.InsertExecutionAsync(ex, ct);
        return record;
    }
}
