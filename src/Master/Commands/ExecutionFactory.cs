using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Creates and stores new executions (the master starts their controllers); each is logged as an execution_status event.</summary>
public sealed class ExecutionFactory(IStateStore store, string terasliceVersion, ClusterEventLog events)
{
    public Task<ExecutionRecord> CreateAsync(JsonObject exConfig, string jobId, CancellationToken ct = default) =>
        InsertAsync(Documents.NewExecution(exConfig, jobId, Guid.NewGuid().ToString(), terasliceVersion), ct);

    /// <summary>An execution that replays <paramref name="fromExId"/>'s slices by <paramref name="cleanupType"/>.</summary>
    public Task<ExecutionRecord> CreateRecoveryAsync(JsonObject config, string jobId, string fromExId, string? cleanupType, CancellationToken ct = default)
    {
        var ex = Documents.NewExecution(config, jobId, Guid.NewGuid().ToString(), terasliceVersion);
        ex["recovered_execution"] = fromExId;
        if (cleanupType is not null) ex["recovered_slice_type"] = cleanupType;
        return InsertAsync(ex, ct);
    }

    private async Task<ExecutionRecord> InsertAsync(JsonObject ex, CancellationToken ct)
    {
        var record = await store.InsertExecutionRecordAsync(ex, ct);
        var data = new JsonObject { ["status"] = record.Status.ToWire() };
        if (record.RecoveredExecution is { } from) data["recovered_execution"] = from;
        await events.AppendAsync(ClusterEventKinds.ExecutionStatus, record.JobId, record.ExId, data);
        return record;
    }

    /// <summary>A copy of <paramref name="config"/> with the keys only <paramref name="older"/> has added.</summary>
    public static JsonObject MergeOver(JsonObject config, ExecutionRecord older)
    {
        var merged = (JsonObject)config.DeepClone();
        foreach (var (key, value) in older.ToDocument())
            if (!merged.ContainsKey(key)) merged[key] = value?.DeepClone();
        return merged;
    }
}
