using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Records;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Creates and stores new executions (the master starts their controllers).</summary>
public sealed class ExecutionFactory(IStateStore store, string terasliceVersion)
{
    public Task<ExecutionRecord> CreateAsync(JsonObject exConfig, string jobId, CancellationToken ct = default) =>
        store.InsertExecutionRecordAsync(Documents.NewExecution(exConfig, jobId, Guid.NewGuid().ToString(), terasliceVersion), ct);

    /// <summary>An execution that replays <paramref name="fromExId"/>'s slices by <paramref name="cleanupType"/>.</summary>
    public Task<ExecutionRecord> CreateRecoveryAsync(JsonObject config, string jobId, string fromExId, string? cleanupType, CancellationToken ct = default)
    {
        var ex = Documents.NewExecution(config, jobId, Guid.NewGuid().ToString(), terasliceVersion);
        ex["recovered_execution"] = fromExId;
        if (cleanupType is not null) ex["recovered_slice_type"] = cleanupType;
        return store.InsertExecutionRecordAsync(ex, ct);
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
