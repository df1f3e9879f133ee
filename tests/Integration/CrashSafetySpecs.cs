using System.Diagnostics;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Nothing lost, nothing counted twice: a <c>once</c> execution interrupted by kill -9 finishes by
/// itself after the node restarts on the same data dir, with every slice counted exactly once (the
/// mid-way case on SQLite and on PostgreSQL).
/// </summary>
public sealed class CrashSafetySpecs(ITestOutputHelper output) : NodeSpec(output)
{
    internal static readonly TimeSpan MidWayTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(90);

    [StorageTheory]
    public Task Once_execution_should_complete_exactly_after_a_kill_9_mid_way(Storage storage) => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync(storage);
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.SlowOnce);
        await WaitUntilMidWayAsync(node, jobId, atLeast: 5);

        await node.KillHardAsync();
        await node.RestartOnSameDataDirAsync();

        await ShouldStillBeListedAsync(node, jobId, exId);
        await ShouldCompleteExactlyAsync(node, exId);
    });

    [Fact]
    public Task Once_execution_should_complete_exactly_after_a_kill_9_in_its_first_second() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync();
        // GET /v1 answers before the cluster master is up: let it come up first, so that the
        // second measured is the execution's, not the master's start-up
        await Eventually.UntilAsync(
            () => node.Api.GetAsync("/v1/cluster/state"),
            r => r.Status == System.Net.HttpStatusCode.OK && r.Json is JsonObject { Count: > 0 },
            MidWayTimeout,
            r => $"the cluster master did not list the node within {MidWayTimeout.TotalSeconds:0} s: {r?.Body}");
        var submitted = Stopwatch.StartNew();
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.SlowOnce);

        // acknowledged, and nothing can have completed yet (a slice takes 300 ms); the kill comes
        // when it is sent (waiting for the process to be reaped may take longer on a busy machine)
        var killAt = submitted.Elapsed;
        await node.KillHardAsync();
        Output.WriteLine($"[test] kill sent {killAt.TotalMilliseconds:0} ms after the submit began; the node was gone after {submitted.ElapsedMilliseconds} ms");
        Assert.True(killAt < TimeSpan.FromSeconds(1), $"the kill came {killAt.TotalMilliseconds:0} ms after the submit, not in the first second");
        await node.RestartOnSameDataDirAsync();

        await ShouldStillBeListedAsync(node, jobId, exId);
        await ShouldCompleteExactlyAsync(node, exId);
    });

    [Fact]
    public Task Once_execution_should_complete_exactly_after_two_kills() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync();
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.SlowOnce);
        var first = await WaitUntilMidWayAsync(node, jobId, atLeast: 5);
        await node.KillHardAsync();
        await node.RestartOnSameDataDirAsync();

        // progress after the restart, and still not done: crash again
        await WaitUntilMidWayAsync(node, jobId, atLeast: Json.Long(first, "processed") + 5);
        await node.KillHardAsync();
        await node.RestartOnSameDataDirAsync();

        await ShouldStillBeListedAsync(node, jobId, exId);
        await ShouldCompleteExactlyAsync(node, exId);
    });

    /// <summary>Waits until the live counters show <paramref name="atLeast"/> slices processed, and asserts the job is not done yet.</summary>
    internal static async Task<JsonObject> WaitUntilMidWayAsync(NodeProcess node, string jobId, long atLeast)
    {
        var stats = await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") >= atLeast,
            $"processed >= {atLeast}", MidWayTimeout);
        Assert.True(Json.Long(stats, "processed") < Jobs.SlowOnceSlices,
            $"the job was already done ({stats.ToJsonString()}) when it should be mid-way; it must be slower for this spec to mean anything");
        return stats;
    }

    /// <summary>After a restart the job and its execution are still there, and the execution is still living.</summary>
    internal static async Task ShouldStillBeListedAsync(NodeProcess node, string jobId, string exId)
    {
        var jobs = await node.Api.GetArrayAsync("/v1/jobs");
        Assert.Contains(jobs, j => j is JsonObject o && Json.Str(o, "job_id") == jobId);
        var executions = await node.Api.GetArrayAsync("/v1/ex");
        Assert.Contains(executions, e => e is JsonObject o && Json.Str(o, "ex_id") == exId);
        var latest = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex");
        Assert.Equal(exId, Json.Str(latest, "ex_id"));
        var status = Json.Str(latest, "_status");
        Assert.False(ExecutionStatus.IsTerminal(status) && status != "completed",
            $"after the restart execution {exId} should still be living, but it is '{status}': {latest.ToJsonString()}");
    }

    /// <summary>The execution completes by itself with every slice and record counted exactly once.</summary>
    internal static async Task ShouldCompleteExactlyAsync(NodeProcess node, string exId)
    {
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", CompletionTimeout);
        var stats = Json.Stats(ex);
        Assert.True(
            Json.Long(stats, "processed") == Jobs.SlowOnceSlices && Json.Long(stats, "failed") == 0
            && Json.Long(stats, "records_in") == Jobs.SlowOnceRecords && Json.Long(stats, "records_out") == Jobs.SlowOnceRecords,
            $"execution {exId} should count {Jobs.SlowOnceSlices} slices and {Jobs.SlowOnceRecords} records in and out exactly once, none failed; _slicer_stats {stats.ToJsonString()}");
    }
}
