using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>A persistent job survives kill -9 (on SQLite and on PostgreSQL): it runs again after the restart, keeps counting, and stops on request.</summary>
public sealed class PersistentJobSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [StorageTheory]
    public Task Persistent_execution_should_run_again_after_a_kill_9_and_stop_on_request(Storage storage) => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync(storage);
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.Persistent());
        var beforeKill = Json.Long(
            await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") >= 5, "processed >= 5", Bounded), "processed");

        await node.KillHardAsync();
        await node.RestartOnSameDataDirAsync();

        await node.Api.WaitForStatusAsync(exId, "running", Bounded);
        // keeps counting from where the journal left it, past what it had done before the crash
        var target = beforeKill + 10;
        await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") >= target, $"processed >= {target}", Bounded);

        var stopped = (await node.Api.PostAsync($"/v1/jobs/{jobId}/_stop")).ShouldBeOk().AsObject();
        Assert.Equal("""{"status":"stopped"}""", stopped.ToJsonString());
        var ex = await node.Api.GetObjectAsync($"/v1/ex/{exId}");
        Assert.Equal("stopped", Json.Str(ex, "_status"));
        Assert.True(Json.Long(Json.Stats(ex), "processed") >= target, $"the stopped execution should keep its counters: {ex.ToJsonString()}");
    });
}
