using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// <c>/cluster/state</c>, <c>/cluster/controllers</c> (and its old name <c>/cluster/slicers</c>) and
/// <c>/cluster/stats</c> (JSON, and OpenMetrics text on request), against a node with 8 slots.
/// </summary>
public sealed class ClusterRouteSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = Scenarios.Bounded;

    private static readonly string[] StatsFields =
        ["processed", "failed", "queued", "job_duration", "workers_joined", "workers_disconnected", "workers_reconnected"];

    [Fact]
    public Task Cluster_state_should_describe_the_node_its_slots_and_what_runs_on_them() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("cluster-state", workers: 3));
        await node.Api.WaitForWorkerCountAsync(exId, 3, Bounded);

        foreach (var path in (string[])["/v1/cluster/state", "/cluster/state"])
        {
            var state = await node.Api.GetObjectAsync(path);
            var (nodeId, entry) = Assert.Single(state);
            var nodeState = entry!.AsObject();
            Fields.ShouldHave(nodeState, path, "node_id", "hostname", "pid", "node_version", "teraslice_version", "total", "state", "available", "active");
            Assert.Equal(nodeId, Json.Str(nodeState, "node_id"));
            Assert.Equal("connected", Json.Str(nodeState, "state"));
            Assert.Equal(8, Json.Long(nodeState, "total"));
            Assert.Equal((long?)node.Pid, Json.Long(nodeState, "pid"));
            var active = nodeState["active"]!.AsArray().Select(a => a!.AsObject()).ToList();
            Assert.All(active, a => Fields.ShouldHave(a, "an active process", "worker_id", "assignment", "pid"));
            Assert.Single(active, a => Json.Str(a, "assignment") == "cluster_master");
            var workers = active.Where(a => Json.Str(a, "assignment") == "worker").ToList();
            Assert.Equal(3, workers.Count);
            Assert.All(workers, w =>
            {
                Assert.Equal(exId, Json.Str(w, "ex_id"));
                Assert.Equal(jobId, Json.Str(w, "job_id"));
            });
            Assert.Equal(workers.Count, workers.Select(w => Json.Long(w, "worker_id")).Distinct().Count());
            Assert.Equal(8 - 3, Json.Long(nodeState, "available"));
        }

        await node.Api.StopAsync(jobId);
        await node.Api.WaitForWorkerCountAsync(exId, 0, Bounded);
        var idle = (JsonObject)(await node.Api.GetObjectAsync("/v1/cluster/state")).Single().Value!;
        Assert.Equal(8, Json.Long(idle, "available"));
    });

    [Fact]
    public Task Controllers_and_slicers_should_list_every_living_execution_by_name() => OnNode(async node =>
    {
        var (jobB, exB) = await Scenarios.RunningAsync(node, Jobs.Persistent("cluster-controllers-b"));
        var (jobA, exA) = await Scenarios.RunningAsync(node, Jobs.Persistent("cluster-controllers-a"));

        foreach (var path in (string[])["/v1/cluster/controllers", "/v1/cluster/slicers", "/cluster/controllers", "/cluster/slicers"])
        {
            var items = (await node.Api.GetArrayAsync(path)).Select(i => i!.AsObject()).ToList();
            Assert.All(items, i => Fields.ShouldHave(i, $"an item of {path}", ExecutionRouteSpecs.ControllerFields));
            Assert.Equal([exA, exB], items.Select(i => Json.Str(i, "ex_id")));
            Assert.Equal([jobA, jobB], items.Select(i => Json.Str(i, "job_id")));
            Assert.Equal(["cluster-controllers-a", "cluster-controllers-b"], items.Select(i => Json.Str(i, "name")));
        }

        await node.Api.StopAsync(jobA);
        Assert.Equal([exB], (await node.Api.GetArrayAsync("/v1/cluster/controllers")).Select(i => Json.Str(i!.AsObject(), "ex_id")));
        await node.Api.StopAsync(jobB);
        Assert.Empty(await node.Api.GetArrayAsync("/v1/cluster/slicers"));
    });

    [Fact]
    public Task Cluster_stats_should_count_every_slice_since_the_master_started_once() => OnNode(async node =>
    {
        var before = await node.Api.GetObjectAsync("/v1/cluster/stats");
        Fields.ShouldBeExactly(before, "GET /v1/cluster/stats", "controllers", "slicer");
        Fields.ShouldBeExactly(Json.Obj(before, "controllers"), "controllers of /cluster/stats", StatsFields);
        Assert.Equal(Json.Obj(before, "controllers").ToJsonString(), Json.Obj(before, "slicer").ToJsonString());
        var processed = Json.Long(Json.Obj(before, "controllers"), "processed");
        var joined = Json.Long(Json.Obj(before, "controllers"), "workers_joined");

        // 50,000 records in 10 slices on 2 workers
        var (_, exId) = await node.Api.SubmitAsync(Jobs.Generate50k);
        await node.Api.WaitForStatusAsync(exId, "completed", Bounded);

        var after = await Eventually.UntilAsync(
            () => node.Api.GetAsync("/cluster/stats"),
            r => r.Status == HttpStatusCode.OK && Json.Long(Json.Obj(r.Json!.AsObject(), "controllers"), "processed") >= processed + 10,
            Bounded,
            r => $"GET /cluster/stats should count the 10 slices of {exId} on top of {processed}: {r?.Body}");
        var controllers = Json.Obj(after.Json!.AsObject(), "controllers");
        Assert.Equal(processed + 10, Json.Long(controllers, "processed"));
        Assert.Equal(Json.Long(Json.Obj(before, "controllers"), "failed"), Json.Long(controllers, "failed"));
        Assert.Equal(joined + 2, Json.Long(controllers, "workers_joined"));
        Assert.True(Json.Long(controllers, "job_duration") >= 1, $"job_duration should count the job: {controllers.ToJsonString()}");
        Assert.Equal(0, Json.Long(controllers, "queued"));
        Assert.Equal(controllers.ToJsonString(), Json.Obj(after.Json!.AsObject(), "slicer").ToJsonString());
    });

    [Theory]
    [InlineData("application/openmetrics-text")]
    [InlineData("application/openmetrics-text;")] // the documented curl example
    [InlineData("application/json;q=0.5, application/openmetrics-text")]
    public Task Cluster_stats_should_answer_openmetrics_text_when_asked(string accept) => OnNode(async node =>
    {
        var json = Json.Obj(await node.Api.GetObjectAsync("/v1/cluster/stats"), "controllers");

        var reply = await node.Api.GetAsync("/cluster/stats", accept);

        Assert.True(reply.Status == HttpStatusCode.OK, $"Accept {accept}: {(int)reply.Status} {reply.Body}");
        Assert.StartsWith("application/openmetrics-text", reply.ContentType);
        var expected = new StringBuilder();
        foreach (var (field, metric) in (ValueTuple<string, string>[])
                 [
                     ("processed", "teraslice_slices_processed"), ("failed", "teraslice_slices_failed"),
                     ("queued", "teraslice_slices_queued"), ("workers_joined", "teraslice_workers_joined"),
                     ("workers_disconnected", "teraslice_workers_disconnected"), ("workers_reconnected", "teraslice_workers_reconnected"),
                 ])
            expected.Append($"# TYPE {metric} counter\n{metric}{{cluster=\"teraslice\"}} {Json.Long(json, field)}\n");
        expected.Append("# EOF\n");
        Assert.Equal(expected.ToString(), reply.Body);
    });

    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/plain")]
    public Task Cluster_stats_should_stay_json_unless_openmetrics_is_asked_for(string accept) => OnNode(async node =>
    {
        var reply = await node.Api.GetAsync("/v1/cluster/stats", accept);

        Fields.ShouldBeExactly(reply.ShouldBeOk().AsObject(), $"GET /v1/cluster/stats with Accept {accept}", "controllers", "slicer");
        Assert.StartsWith("application/json", reply.ContentType);
    });

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);
}
