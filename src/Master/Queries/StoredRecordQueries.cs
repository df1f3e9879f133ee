using System.Text.Json.Nodes;
using Semver;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Queries;

/// <summary>
/// Answers the reads of stored records (<see cref="IRecordQuery"/>: jobs, executions, slice errors,
/// assets) straight from the shared store, on whichever node is asked: they never wait on the
/// cluster master, so they keep answering while the master singleton moves.
/// </summary>
public sealed class StoredRecordQueries(IStateStore store)
{
    /// <summary>The reply to <paramref name="query"/>: a <see cref="JsonReply"/> or a <see cref="Rejection"/>.</summary>
    public Task<object> AnswerAsync(IRecordQuery query, CancellationToken ct = default) => query switch
    {
        GetJob q => GetJobAsync(q, ct),
        ListJobs q => ListJobsAsync(q, ct),
        GetLatestExecution q => GetLatestExecutionAsync(q, ct),
        ListExecutions q => ListExecutionsAsync(q, ct),
        GetExecution q => GetExecutionAsync(q, ct),
        GetSliceErrors q => SliceErrorsAsync(q, ct),
        ListAssets q => ListAssetsAsync(q, ct),
        GetClusterEvents q => ClusterEventsAsync(q, ct),
        _ => throw new ArgumentException($"{query.GetType().Name} is not a read of stored records", nameof(query)),
    };

    private async Task<object> GetJobAsync(GetJob get, CancellationToken ct)
    {
        if (await store.GetJobAsync(get.JobId, ct) is not { } job) return Rejections.JobNotFound(get.JobId);
        if (get.ExFields is not null) job["ex"] = LatestProjected(await store.GetLatestExecutionAsync(get.JobId, ct), get.ExFields);
        return JsonReplies.Of(job);
    }

    private async Task<object> ListJobsAsync(ListJobs list, CancellationToken ct)
    {
        var jobs = await store.ListJobsAsync(list.Query, list.Active, ct);
        if (list.ExFields is not null && jobs.Count > 0)
        {
            var latest = await store.GetLatestExecutionsAsync(jobs.Select(j => j.Str("job_id")!).ToList(), ct);
            foreach (var job in jobs) job["ex"] = LatestProjected(latest.GetValueOrDefault(job.Str("job_id")!), list.ExFields);
        }
        return JsonReplies.Array(jobs);
    }

    /// <summary>A job's "ex": the named fields of its latest execution, {} when it has none (or it is deleted).</summary>
    private static JsonObject LatestProjected(JsonObject? ex, IReadOnlyList<string> fields) =>
        ex is null || ex.IsDeleted() ? new JsonObject() : Documents.Project(ex, fields);

    private async Task<object> GetLatestExecutionAsync(GetLatestExecution get, CancellationToken ct) =>
        await store.GetLatestExecutionAsync(get.JobId, ct) is { } ex ? JsonReplies.Of(ex) : Rejections.NoExecutionOfJob(get.JobId);

    private async Task<object> ListExecutionsAsync(ListExecutions list, CancellationToken ct) =>
        JsonReplies.Array(await store.ListExecutionsAsync(list.Query, list.Statuses, null, ct));

    private async Task<object> GetExecutionAsync(GetExecution get, CancellationToken ct) =>
        await store.GetExecutionAsync(get.ExId, ct) is { } ex ? JsonReplies.Of(ex) : Rejections.ExecutionNotFound(get.ExId);

    private async Task<object> SliceErrorsAsync(GetSliceErrors get, CancellationToken ct)
    {
        string? exId = null; // neither id: every execution's errors
        if (get.ExId is not null || get.JobId is not null)
        {
            var (ex, problem) = await ExecutionLookup.ResolveAsync(store, get.JobId, get.ExId, ct);
            if (problem is not null) return problem;
            exId = ex!.ExId;
        }
        return JsonReplies.Array(await store.ListSliceErrorsAsync(get.Query, exId, ct));
    }

    private async Task<object> ClusterEventsAsync(GetClusterEvents get, CancellationToken ct) =>
        JsonReplies.Array((await store.ReadEventsAsync(get.From, Math.Clamp(get.Max, 0, GetClusterEvents.MaxBatch), ct)).Select(e => e.ToJson()));

    private async Task<object> ListAssetsAsync(ListAssets list, CancellationToken ct)
    {
        // an exact version is a column match; a range is filtered here over the name's versions
        var exact = list.Version is null || SemVersion.TryParse(list.Version, SemVersionStyles.Strict, out _);
        if (exact) return JsonReplies.Array(await store.ListAssetsAsync(list.Query, list.Name, list.Version, ct));
        if (!SemVersionRange.TryParseNpm(list.Version!, out var range)) return Rejections.NotAVersion(list.Version!);
        var docs = await store.ListAssetsAsync(list.Query with { From = 0, Size = ListQuery.MaxSize }, list.Name, null, ct);
        return JsonReplies.Array(docs
            .Where(d => SemVersion.TryParse(d.Str("version"), SemVersionStyles.Any, out var v) && range.Contains(v))
            .Skip(list.Query.From).Take(list.Query.Size));
    }
}
