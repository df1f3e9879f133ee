using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;

namespace Teraslice.Akka.Master.Commands;

/// <summary>Creates and stores new executions (the master starts their controllers).</summary>
public sealed class ExecutionFactory(IStateStore store, string terasliceVersion)
{
    public async Task<JsonObject> CreateAsync(JsonObject exConfig, string jobId, CancellationToken ct = default)
    {
        var ex = Documents.NewExecution(exConfig, jobId, Guid.NewGuid().ToString(), terasliceVersion);
        await store.InsertExecutionAsync(ex, ct);
        return ex;
    }

    /// <summary>An execution that replays <paramref name="fromExId"/>'s slices by <paramref name="cleanupType"/>.</summary>
    public async Task<JsonObject> CreateRecoveryAsync(JsonObject config, string jobId, string fromExId, string? cleanupType, CancellationToken ct = default)
    {
        var ex = Documents.NewExecution(config, jobId, Guid.NewGuid().ToString(), terasliceVersion);
        ex["recovered_execution"] = fromExId;
        if (cleanupType is not null) ex["recovered_slice_type"] = cleanupType;
        await store.InsertExecutionAsync(ex, ct);
        return ex;
    }

    /// <summary>A copy of <paramref name="config"/> with the keys only <paramref name="older"/> has added.</summary>
    public static JsonObject MergeOver(JsonObject config, JsonObject older)
    {
        var merged = (JsonObject)config.DeepClone();
        foreach (var (key, value) in older)
            if (!merged.ContainsKey(key)) merged[key] = value?.DeepClone();
        return merged;
    }
}
