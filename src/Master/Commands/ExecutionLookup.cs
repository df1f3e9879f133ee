using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Which execution a route names: an ex route its execution, a job route the job's latest.</summary>
public static class ExecutionLookup
{
    /// <summary>The execution, or Teraslice's not-found rejection for what was named.</summary>
    public static async Task<(ExecutionRecord? Ex, Rejection? Problem)> ResolveAsync(IStateStore store, string? jobId, string? exId, CancellationToken ct = default)
    {
        if (exId is not null)
            return await store.GetExecutionRecordAsync(exId, ct) is { } ex ? (ex, null) : (null, Rejections.ExecutionNotFound(exId));
        return await store.GetLatestExecutionRecordAsync(jobId!, ct) is { } latest
            ? (latest, null)
            : (null, Rejections.NoExecutionOfJob(jobId!));
    }
}
