using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>The REST routes of the walking skeleton, against a real node.</summary>
public sealed class RouteSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Submit_without_start_should_answer_only_job_id_and_start_should_create_the_execution() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());
        const string job = """
            {"name":"routes-start","lifecycle":"once","workers":2,"operations":[{"_op":"data_generator","size":1000,"slice_size":100},{"_op":"delay","ms":200}]}
            """;

        var submitted = (await node.Api.PostAsync("/v1/jobs?start=false", job)).ShouldBeOk().AsObject();
        Assert.Equal(["job_id"], submitted.Select(kv => kv.Key));
        var jobId = Json.Str(submitted, "job_id");
        (await node.Api.GetAsync($"/v1/jobs/{jobId}/ex")).ShouldBeError(HttpStatusCode.NotFound);

        var started = (await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject();
        Assert.Equal(jobId, Json.Str(started, "job_id"));
        var exId = Json.Str(started, "ex_id");

        // 10 slices of 200 ms on 2 workers: still living when the second _start arrives
        var again = await node.Api.PostAsync($"/v1/jobs/{jobId}/_start");
        Assert.Contains(jobId, again.ShouldBeError(HttpStatusCode.Conflict));

        var jobs = await node.Api.GetArrayAsync("/v1/jobs");
        Assert.Contains(jobs, j => j is JsonObject o && Json.Str(o, "job_id") == jobId);

        var withEx = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}?ex=_status");
        Assert.Equal(jobId, Json.Str(withEx, "job_id"));
        var ex = Json.Obj(withEx, "ex");
        Assert.Equal(["_status"], ex.Select(kv => kv.Key));
        Assert.Contains(Json.Str(ex, "_status"), (string[])["pending", "scheduling", "initializing", "running", "completed"]);

        await node.Api.WaitForStatusAsync(exId, "completed", TimeSpan.FromSeconds(60));
        var completed = await node.Api.GetArrayAsync("/v1/ex?status=completed");
        Assert.Contains(completed, e => e is JsonObject o && Json.Str(o, "ex_id") == exId);
        Assert.All(completed, e => Assert.Equal("completed", Json.Str(e!.AsObject(), "_status")));
        var running = await node.Api.GetArrayAsync("/v1/ex?status=running");
        Assert.DoesNotContain(running, e => e is JsonObject o && Json.Str(o, "ex_id") == exId);
    });

    [Fact]
    public Task Unknown_ids_should_answer_404_in_the_error_envelope() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());
        var unknown = Guid.NewGuid().ToString();

        Assert.Contains(unknown, (await node.Api.GetAsync($"/v1/ex/{unknown}")).ShouldBeError(HttpStatusCode.NotFound));
        Assert.Contains(unknown, (await node.Api.GetAsync($"/v1/jobs/{unknown}")).ShouldBeError(HttpStatusCode.NotFound));
    });

    [Fact]
    public Task Cluster_state_should_show_this_node_its_slots_and_its_busy_workers() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());

        var state = await Eventually.UntilAsync(
            () => node.Api.GetAsync("/v1/cluster/state"),
            r => r.Status == HttpStatusCode.OK && r.Json is JsonObject { Count: > 0 },
            Bounded,
            r => $"GET /v1/cluster/state listed no node within {Bounded.TotalSeconds:0} s: {r?.Body}");
        var nodes = state.Json!.AsObject();
        var (nodeId, entry) = Assert.Single(nodes);
        var nodeState = entry!.AsObject();
        Assert.Equal(nodeId, Json.Str(nodeState, "node_id"));
        Assert.Equal(node.Workers, Json.Long(nodeState, "total"));
        Assert.Equal("127.0.0.1", Json.Str(nodeState, "hostname"));

        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.Persistent("routes-state", workers: node.Workers));
        // the node reports its busy slots every few seconds
        var busy = await Eventually.UntilAsync(
            () => node.Api.GetAsync("/v1/cluster/state"),
            r => r.Status == HttpStatusCode.OK && Workers(r, exId).Count == node.Workers,
            Bounded,
            r => $"GET /v1/cluster/state did not show {node.Workers} workers of {exId} within {Bounded.TotalSeconds:0} s: {r?.Body}");
        Assert.All(Workers(busy, exId), w => Assert.Equal(jobId, Json.Str(w, "job_id")));
        Assert.Equal(0, Json.Long(busy.Json!.AsObject()[nodeId]!.AsObject(), "available"));

        await StopAsync(node, jobId);
        await Eventually.UntilAsync(
            () => node.Api.GetAsync("/v1/cluster/state"),
            r => r.Status == HttpStatusCode.OK && Workers(r, exId).Count == 0,
            Bounded,
            r => $"the workers of stopped execution {exId} stayed in GET /v1/cluster/state for {Bounded.TotalSeconds:0} s: {r?.Body}");
    });

    [Fact]
    public Task Controllers_should_list_running_executions_and_nothing_when_idle() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());
        await WaitForNoControllersAsync(node, "before the job");

        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.LongOnce);
        // listed while it really runs (slices done), not only right after the submit
        var listed = await Eventually.UntilAsync(
            () => node.Api.GetAsync("/v1/cluster/controllers"),
            r => r.Status == HttpStatusCode.OK && r.Json is JsonArray items
                 && items.Any(i => i is JsonObject o && o["ex_id"]?.ToString() == exId && Json.Long(o, "processed") > 0),
            Bounded,
            r => $"GET /v1/cluster/controllers did not list {exId} with slices processed within {Bounded.TotalSeconds:0} s: {r?.Body}");
        var item = Assert.Single(listed.Json!.AsArray())!.AsObject();
        Assert.Equal(jobId, Json.Str(item, "job_id"));
        Assert.Equal("long-once", Json.Str(item, "name"));
        foreach (var counter in (string[])["processed", "failed", "queued", "workers_joined"])
            Json.Long(item, counter); // fails unless the live counter is there as an integer
        var ofJob = await node.Api.GetArrayAsync($"/v1/jobs/{jobId}/controller");
        Assert.Equal(exId, Json.Str(Assert.Single(ofJob)!.AsObject(), "ex_id"));

        await StopAsync(node, jobId);
        await WaitForNoControllersAsync(node, "after the job stopped");
    });

    [Fact]
    public Task Stop_should_stop_a_running_persistent_job() => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.Persistent("routes-stop"));
        await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") > 0, "processed > 0", Bounded);

        await StopAsync(node, jobId);

        var ex = await node.Api.GetObjectAsync($"/v1/ex/{exId}");
        Assert.Equal("stopped", Json.Str(ex, "_status"));
        Assert.True(Json.Long(Json.Stats(ex), "processed") > 0, $"the stopped execution should keep its counters: {ex.ToJsonString()}");
    });

    [Theory]
    [InlineData("""{"name":"bad","operations":[{"_op":"noop"},""", "malformed")]
    [InlineData("""{"name":"bad","operations":[{"_op":"no_such_op"},{"_op":"noop"}]}""", "no_such_op")]
    [InlineData("""{"name":"bad","operations":[{"_op":"data_generator","size":-5},{"_op":"noop"}]}""", "data_generator", "size")]
    public Task Submit_should_refuse_bad_input_with_400_naming_the_problem_and_store_nothing(string body, params string[] named) =>
        WithNodeLogsOnFailure(async () =>
        {
            var node = Use(await shared.GetAsync());
            var jobsBefore = (await node.Api.GetArrayAsync("/v1/jobs?size=10000")).Count;

            var message = (await node.Api.PostAsync("/v1/jobs", body)).ShouldBeError(HttpStatusCode.BadRequest);

            foreach (var word in named) Assert.Contains(word, message);
            Assert.Equal(jobsBefore, (await node.Api.GetArrayAsync("/v1/jobs?size=10000")).Count);
        });

    [Theory]
    [InlineData("GET", "/v1/no/such/route")]
    [InlineData("DELETE", "/v1/jobs")]
    [InlineData("PUT", "/v1/cluster/state")]
    public Task Unknown_routes_should_answer_405(string method, string path) => WithNodeLogsOnFailure(async () =>
    {
        var node = Use(await shared.GetAsync());

        var message = (await node.Api.SendAsync(new HttpMethod(method), path)).ShouldBeError(HttpStatusCode.MethodNotAllowed);

        Assert.Contains(path, message);
    });

    private static List<JsonObject> Workers(ApiResponse clusterState, string exId) =>
        clusterState.Json!.AsObject()
            .SelectMany(n => n.Value!["active"]!.AsArray())
            .OfType<JsonObject>()
            .Where(a => a["assignment"]?.ToString() == "worker" && a["ex_id"]?.ToString() == exId)
            .ToList();

    private static async Task StopAsync(NodeProcess node, string jobId)
    {
        var stopped = (await node.Api.PostAsync($"/v1/jobs/{jobId}/_stop")).ShouldBeOk().AsObject();
        Assert.Equal("""{"status":"stopped"}""", stopped.ToJsonString());
    }

    private static Task WaitForNoControllersAsync(NodeProcess node, string when) =>
        Eventually.UntilAsync(
            () => node.Api.GetAsync("/v1/cluster/controllers"),
            r => r.Status == HttpStatusCode.OK && r.Json is JsonArray { Count: 0 },
            Bounded,
            r => $"GET /v1/cluster/controllers {when} should become [] within {Bounded.TotalSeconds:0} s: {r?.Body}");
}
