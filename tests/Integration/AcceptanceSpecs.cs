using System.Runtime.InteropServices;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>The issue's acceptance run against a real node: describe the cluster, run a job to completion.</summary>
public sealed class AcceptanceSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public Task Root_should_describe_the_cluster() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());

        var info = await node.Api.GetObjectAsync("/v1");

        foreach (var field in (string[])["arch", "clustering_type", "name", "node_version", "platform", "teraslice_version"])
            Assert.False(string.IsNullOrWhiteSpace(Json.Str(info, field)), $"\"{field}\" should not be empty: {info.ToJsonString()}");
        Assert.Equal("native", Json.Str(info, "clustering_type"));
        Assert.Equal("teraslice", Json.Str(info, "name"));
        Assert.Matches(@"^v\d+\.\d+\.\d+", Json.Str(info, "teraslice_version"));
        Assert.Matches(@"^v\d+\.\d+\.\d+", Json.Str(info, "node_version"));
        if (OperatingSystem.IsLinux()) Assert.Equal("linux", Json.Str(info, "platform"));
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64) Assert.Equal("x64", Json.Str(info, "arch"));
    });

    [Fact]
    public Task Once_job_should_run_to_completed_with_exact_counts() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());

        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.Generate50k);
        var seen = new List<string>();
        // polled fast: the job takes a fraction of a second and we want to see its statuses go by
        await node.Api.WaitForStatusAsync(exId, "completed", TimeSpan.FromSeconds(60), seen, TimeSpan.FromMilliseconds(10));

        Assert.False(string.IsNullOrWhiteSpace(jobId));
        Assert.False(string.IsNullOrWhiteSpace(exId));
        var ex = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex");
        Assert.Equal(exId, Json.Str(ex, "ex_id"));
        Assert.Equal("completed", Json.Str(ex, "_status"));
        var stats = Json.Stats(ex);
        Assert.Equal(10, Json.Long(stats, "processed"));
        Assert.Equal(0, Json.Long(stats, "failed"));
        Assert.Equal(50_000, Json.Long(stats, "records_in"));
        Assert.Equal(50_000, Json.Long(stats, "records_out"));

        // it went through running: seen, or at least its start was recorded, and the order never went back
        Assert.True(seen.Contains("running") || stats["started"] is not null,
            $"execution {exId} should have passed through running; statuses seen {string.Join(" → ", seen)}, stats {stats.ToJsonString()}");
        var order = seen.Select(s => Array.IndexOf(ExecutionStatus.Lifecycle, s)).ToList();
        Assert.True(order.All(i => i >= 0) && order.SequenceEqual(order.Order()),
            $"statuses should move forward through {string.Join(" → ", ExecutionStatus.Lifecycle)}; seen {string.Join(" → ", seen)}");
        var created = Json.Date(ex, "_created");
        Assert.True(Json.Date(ex, "_updated") >= created, $"_updated should not be before _created: {ex.ToJsonString()}");
        Assert.True(Json.Date(stats, "started") >= created.AddMilliseconds(-1), $"started should not be before _created: {ex.ToJsonString()}");
    });

    [Fact]
    public Task W1_gen_filter_should_complete_with_exact_counters() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());
        const long slices = 20, size = 1000;
        var (expectedCount, expectedIdSum) = Jobs.W1Expected(slices, size);

        var (_, exId) = await node.Api.SubmitAsync(Jobs.W1(slices, size));
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", TimeSpan.FromSeconds(60));

        var stats = Json.Stats(ex);
        Assert.Equal(slices, Json.Long(stats, "processed"));
        Assert.Equal(0, Json.Long(stats, "failed"));
        Assert.Equal(slices * size, Json.Long(stats, "records_in"));
        Assert.Equal(0, Json.Long(stats, "records_out")); // count_sink emits nothing
        var counters = Json.Obj(stats, "counters");
        Assert.Equal(expectedCount, Json.Long(counters, "count_sink.records"));
        Assert.Equal(expectedIdSum, Json.Long(counters, "count_sink.id_sum"));
    });
}
