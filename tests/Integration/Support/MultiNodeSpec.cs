using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// Base of the multi-node specs: each test runs on a <see cref="LocalCluster"/> of its own (in the
/// one non-parallel integration collection), logs what it does with the time since it began, and
/// on failure writes the last lines of every node into its output.
/// </summary>
public abstract class MultiNodeSpec(ITestOutputHelper output) : NodeSpec(output)
{
    public const int RecordsPerSlice = 100;

    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A crashed node's leaving plus what follows it, by the specs' config: the bound fail-overs are held to.</summary>
    public static readonly TimeSpan FailoverBound = LocalCluster.FailureDetection + LocalCluster.FailoverSlack;

    protected Stopwatch Clock { get; } = new();

    /// <summary>Runs the body on a cluster of its own; dumps every node's output if it fails; removes the cluster.</summary>
    protected async Task InClusterAsync(Func<LocalCluster, Task> body)
    {
        Clock.Restart();
        Step($"uptime: {Uptime()}");
        await using var cluster = LocalCluster.Create();
        try
        {
            await body(cluster);
            Step("done");
            // TERASLICE_TEST_NODE_LOGS=always: the nodes' output of passing tests too
            if (Environment.GetEnvironmentVariable("TERASLICE_TEST_NODE_LOGS") == "always") cluster.DumpLogs(Output, lines: 2000);
        }
        catch (Exception e)
        {
            Step($"failed: {e.GetType().Name}; uptime: {Uptime()}");
            cluster.DumpLogs(Output, lines: 400);
            throw;
        }
    }

    protected void Step(string text) => Output.WriteLine($"[test {Clock.Elapsed.TotalSeconds,6:0.0} s] {text}");

    /// <summary>
    /// A once job of <paramref name="slices"/> slices of 100 records that take
    /// <paramref name="delayMs"/> each, every run logged to <paramref name="sliceLog"/>.
    /// </summary>
    protected static string OnceJob(string name, int workers, int slices, int delayMs, string sliceLog) => new JsonObject
    {
        ["name"] = name,
        ["lifecycle"] = "once",
        ["workers"] = workers,
        ["operations"] = new JsonArray(
            new JsonObject { ["_op"] = "data_generator", ["size"] = slices * RecordsPerSlice, ["slice_size"] = RecordsPerSlice },
            new JsonObject { ["_op"] = "delay", ["ms"] = delayMs },
            new JsonObject { ["_op"] = "slice_log", ["path"] = sliceLog }),
    }.ToJsonString();

    /// <summary>Waits until the live counters show at least <paramref name="atLeast"/> slices processed, and not all.</summary>
    protected async Task<JsonObject> WaitUntilMidJobAsync(ClusterNode api, string jobId, long atLeast, long slices)
    {
        var stats = await api.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") >= atLeast, $"processed >= {atLeast}", Bounded);
        Assert.True(Json.Long(stats, "processed") < slices,
            $"the job was done ({stats.ToJsonString()}) when it should be mid-way; it must be slower for this spec to mean anything");
        Step($"mid-job: processed {Json.Long(stats, "processed")} of {slices}");
        return stats;
    }

    /// <summary>The execution completes with every slice and record counted exactly once and none failed.</summary>
    protected async Task<JsonObject> ShouldCompleteExactlyAsync(ClusterNode api, string exId, int slices)
    {
        var ex = await api.Api.WaitForStatusAsync(exId, "completed", CompletionTimeout, interval: TimeSpan.FromMilliseconds(250));
        var stats = Json.Stats(ex);
        long records = (long)slices * RecordsPerSlice;
        Assert.True(
            Json.Long(stats, "processed") == slices && Json.Long(stats, "failed") == 0
            && Json.Long(stats, "records_in") == records && Json.Long(stats, "records_out") == records,
            $"execution {exId} should count {slices} slices and {records} records in and out exactly once, none failed; _slicer_stats {stats.ToJsonString()}");
        Step($"completed exactly: {stats.ToJsonString()}");
        return ex;
    }

    /// <summary>Polls the cluster state through <paramref name="api"/> until <paramref name="done"/> holds for it.</summary>
    protected static async Task<JsonObject> WaitForStateAsync(ClusterNode api, Func<JsonObject, bool> done, string what, TimeSpan timeout)
    {
        var last = await Eventually.UntilAsync(
            () => api.Api.GetAsync("/v1/cluster/state"),
            r => r.Status == System.Net.HttpStatusCode.OK && r.Json is JsonObject state && done(state),
            timeout,
            r => $"GET /v1/cluster/state on {api.Name} did not show {what} within {timeout.TotalSeconds:0} s; last: {(r is null ? "none" : $"{(int)r.Status} {r.Body}")}",
            TimeSpan.FromMilliseconds(250));
        return last.Json!.AsObject();
    }

    private static string Uptime()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
