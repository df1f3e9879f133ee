using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Upstream's e2e cluster specs (teraslice-notes §9) that apply without assets or OpenSearch:
/// <c>api-spec</c>, <c>job-state-spec</c> and <c>scale-workers-spec</c>, on one node with 8 worker
/// slots (as each node of upstream's e2e cluster).
/// </summary>
public sealed class E2eSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = Scenarios.Bounded;

    // ---- api-spec

    [Fact]
    public Task Api_spec_submitted_job_should_be_stored_as_submitted() => OnNode(async node =>
    {
        const string spec = """
            {"name":"e2e-api-stored","lifecycle":"once","workers":2,"slicers":1,"analytics":false,"max_retries":1,
             "operations":[{"_op":"data_generator","size":100,"slice_size":10},{"_op":"set_field","field":"seen","value":true},{"_op":"noop"}]}
            """;

        var jobId = await node.Api.StoreAsync(spec);

        var job = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(spec), JobRouteSpecs.WithoutMetadata(job)),
            $"GET /jobs/{{id}} should be the submitted spec, not its validated form:\n{spec}\n{job.ToJsonString()}");
    });

    [Fact]
    public Task Api_spec_put_should_replace_the_job_with_workers_3_and_no_slicers() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync("""
            {"name":"e2e-api-put","lifecycle":"once","workers":2,"slicers":2,"operations":[{"_op":"data_generator","size":100},{"_op":"noop"}]}
            """);
        var job = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");
        job["workers"] = 3;
        job.Remove("slicers");

        (await node.Api.PutAsync($"/v1/jobs/{jobId}", job.ToJsonString())).ShouldBeOk();

        var updated = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");
        Assert.Equal(3, Json.Long(updated, "workers"));
        Assert.False(updated.ContainsKey("slicers"), $"slicers should be gone after the PUT: {updated.ToJsonString()}");
        Assert.Equal(Json.Str(job, "_created"), Json.Str(updated, "_created"));
        // and a start uses the new job
        var exId = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", Bounded);
        Assert.Equal(3, Json.Long(ex, "workers"));
        Assert.Equal(1, Json.Long(ex, "slicers"));
    });

    [Fact]
    public Task Api_spec_pause_and_resume_of_a_completed_execution_should_fail_through_both_routes() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.CompletedAsync(node, "e2e-api-completed");

        foreach (var path in (string[])[$"/v1/jobs/{jobId}/_pause", $"/v1/ex/{exId}/_pause", $"/v1/jobs/{jobId}/_resume", $"/v1/ex/{exId}/_resume"])
            (await node.Api.PostAsync(path)).ShouldBeError(HttpStatusCode.NotFound, $"no active execution context was found for ex_id: {exId}");

        Assert.Equal("completed", await node.Api.StatusAsync(exId));
    });

    [Fact]
    public Task Api_spec_delete_should_be_refused_while_running_and_hide_the_job_once_stopped_and_deleted() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("e2e-api-delete"));

        (await node.Api.DeleteAsync($"/v1/jobs/{jobId}")).ShouldBeError(HttpStatusCode.Conflict,
            $"Job {jobId} is currently running, cannot delete a running job.");
        await node.Api.StopAsync(jobId);
        var deleted = (await node.Api.DeleteAsync($"/v1/jobs/{jobId}")).ShouldBeOk().AsObject();

        Assert.True(deleted["_deleted"] is JsonValue d && (bool)d, $"_deleted should be true: {deleted.ToJsonString()}");
        Assert.True(Json.Date(deleted, "_deleted_on") > DateTimeOffset.UtcNow.AddMinutes(-5), $"_deleted_on should be now: {deleted.ToJsonString()}");
        Assert.True(deleted["active"] is JsonValue a && !(bool)a, $"active should be false: {deleted.ToJsonString()}");
        Assert.DoesNotContain(await node.Api.GetArrayAsync("/v1/jobs?size=10000"), j => Json.Str(j!.AsObject(), "job_id") == jobId);
        Assert.Contains(await node.Api.GetArrayAsync("/v1/jobs?size=10000&deleted=true"), j => Json.Str(j!.AsObject(), "job_id") == jobId);

        // the exact upstream messages
        (await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeError(HttpStatusCode.Gone,
            $"Job {jobId} has been deleted and cannot be started.");
        (await node.Api.PutAsync($"/v1/jobs/{jobId}", Jobs.Persistent("e2e-api-delete-2"))).ShouldBeError(HttpStatusCode.Gone,
            $"Job {jobId} has been deleted and cannot be updated.");
        (await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover")).ShouldBeError(HttpStatusCode.Gone,
            $"Job {jobId} has been deleted and cannot be recovered.");
        Assert.Equal("stopped", await node.Api.StatusAsync(exId));
    });

    // ---- job-state-spec

    [Fact]
    public Task Job_state_spec_two_jobs_should_pause_resume_and_stop_together_without_an_illegal_transition() => OnNode(async node =>
    {
        await using var watcher = new ExecutionWatcher(node.Api, TimeSpan.FromMilliseconds(50));
        var jobs = new List<(string JobId, string ExId)>();
        foreach (var name in (string[])["e2e-state-1", "e2e-state-2"])
        {
            var jobId = await node.Api.StoreAsync(Jobs.Persistent(name));
            watcher.Track(jobId);
            var exId = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");
            jobs.Add((jobId, exId));
        }
        foreach (var (_, exId) in jobs) await node.Api.WaitForStatusAsync(exId, "running", Bounded);
        await watcher.PollAsync(); // each state is seen by the watcher too, however fast the next call comes

        foreach (var (jobId, _) in jobs) Scenarios.ShouldBeStatus(await node.Api.PostAsync($"/v1/jobs/{jobId}/_pause"), "paused");
        foreach (var (_, exId) in jobs) await node.Api.WaitForStatusAsync(exId, "paused", Bounded);
        await watcher.PollAsync();
        foreach (var (jobId, _) in jobs) Scenarios.ShouldBeStatus(await node.Api.PostAsync($"/v1/jobs/{jobId}/_resume"), "running");
        foreach (var (_, exId) in jobs) await node.Api.WaitForStatusAsync(exId, "running", Bounded);
        await watcher.PollAsync();

        var stops = await Task.WhenAll(jobs.Select(j => node.Api.PostAsync($"/v1/jobs/{j.JobId}/_stop")));
        foreach (var stop in stops) Scenarios.ShouldBeStatus(stop, "stopped");
        await watcher.PollAsync();

        Assert.True(watcher.Violations.Count == 0, watcher.Describe());
        foreach (var (_, exId) in jobs)
        {
            var seen = watcher.Statuses(exId);
            Assert.True(seen.Count > 0 && seen[^1] == "stopped", $"ex {exId} should end stopped:\n{watcher.Describe()}");
            // paused and resumed: paused comes between a running and a later running
            var paused = seen.ToList().IndexOf("paused");
            Assert.True(paused > 0 && seen.Take(paused).Contains("running") && seen.Skip(paused).Contains("running"),
                $"ex {exId} should be seen running, paused, running again:\n{watcher.Describe()}");
        }
    });

    // ---- scale-workers-spec

    [Fact]
    public Task Scale_workers_spec_should_go_2_3_1_2_then_0_after_the_stop() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("e2e-scale", workers: 2));
        await node.Api.WaitForWorkerCountAsync(exId, 2, Bounded);

        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"/v1/jobs/{jobId}/_workers?add=1"), $"1 workers have been enqueued for execution: {exId}");
        await node.Api.WaitForWorkerCountAsync(exId, 3, Bounded);

        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"/v1/jobs/{jobId}/_workers?remove=2"), $"2 workers have been remove for execution: {exId}");
        await node.Api.WaitForWorkerCountAsync(exId, 1, Bounded);

        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"/v1/jobs/{jobId}/_workers?total=2"), $"1 workers have been enqueued for execution: {exId}");
        await node.Api.WaitForWorkerCountAsync(exId, 2, Bounded);
        // still 2 a little later: no worker beyond the count comes back
        await Task.Delay(2500);
        Assert.Equal(2, await node.Api.WorkerCountAsync(exId));

        await node.Api.StopAsync(jobId);
        await node.Api.WaitForWorkerCountAsync(exId, 0, Bounded);
    });

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);
}
