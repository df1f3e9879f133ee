using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// The routes that read executions (<c>GET /ex</c>, <c>/ex/{id}</c>, errors, controller) and those
/// that control one, under both mounts (<c>/jobs/{jobId}/…</c> acts on the job's latest execution,
/// <c>/ex/{exId}/…</c> on that one), with the answers and errors of teraslice-notes §1.3 as this
/// implementation gives them. One shared node; every spec leaves it idle.
/// </summary>
public sealed class ExecutionRouteSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    /// <summary>Fields of an execution record in the documented examples.</summary>
    internal static readonly string[] ExecutionFields =
    [
        "analytics", "lifecycle", "max_retries", "name", "operations", "probation_window", "slicers", "workers", "job_id", "ex_id",
        "_created", "_updated", "_context", "_status", "slicer_hostname", "slicer_port", "_has_errors", "_slicer_stats",
    ];

    /// <summary>Fields of <c>_slicer_stats</c> in the documented examples.</summary>
    internal static readonly string[] SlicerStatsFields =
    [
        "workers_active", "workers_joined", "queued", "job_duration", "subslice_by_key", "started", "failed", "subslices",
        "queuing_complete", "slice_range_expansion", "processed", "workers_available", "workers_reconnected", "workers_disconnected", "slicers",
    ];

    /// <summary>Fields of a controller stats item (GET /cluster/controllers and the controller routes) in the documented examples.</summary>
    internal static readonly string[] ControllerFields =
    [
        "ex_id", "job_id", "name", "workers_available", "workers_active", "workers_joined", "workers_reconnected", "workers_disconnected",
        "failed", "subslices", "queued", "slice_range_expansion", "processed", "slicers", "subslice_by_key", "started",
    ];

    private static readonly TimeSpan Bounded = Scenarios.Bounded;

    // ---- reading executions

    [Fact]
    public Task Get_ex_should_list_executions_with_the_documented_fields_and_filter_on_status() => OnNode(async node =>
    {
        var (_, completed) = await Scenarios.CompletedAsync(node, "ex-list-completed");
        var (runningJob, running) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-list-running"));

        var all = await node.Api.GetArrayAsync("/v1/ex?size=10000");
        Assert.All(all, e => Fields.ShouldHave(e!.AsObject(), "an execution of GET /v1/ex", ExecutionFields));
        Assert.Contains(all, e => Json.Str(e!.AsObject(), "ex_id") == completed);

        // the documented example: status=running&size=10
        var onlyRunning = await node.Api.GetArrayAsync("/v1/ex?status=running&size=10");
        Assert.Contains(onlyRunning, e => Json.Str(e!.AsObject(), "ex_id") == running);
        Assert.All(onlyRunning, e => Assert.Equal("running", Json.Str(e!.AsObject(), "_status")));
        var either = await node.Api.GetArrayAsync("/ex?status=running,completed&size=10000");
        Assert.Contains(either, e => Json.Str(e!.AsObject(), "ex_id") == running);
        Assert.Contains(either, e => Json.Str(e!.AsObject(), "ex_id") == completed);
        Assert.Single(await node.Api.GetArrayAsync("/v1/ex?size=1&sort=_created:desc"));
        Assert.Equal(running, Json.Str((await node.Api.GetArrayAsync("/v1/ex?size=1&sort=_created:desc"))[0]!.AsObject(), "ex_id"));

        await node.Api.StopAsync(runningJob);
        Assert.DoesNotContain(await node.Api.GetArrayAsync("/v1/ex?status=running&size=10000"), e => Json.Str(e!.AsObject(), "ex_id") == running);
    });

    [Fact]
    public Task Get_ex_by_id_should_answer_the_documented_record() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.CompletedAsync(node, "ex-get");

        var ex = await node.Api.GetObjectAsync($"/v1/ex/{exId}");

        Fields.ShouldHave(ex, $"GET /v1/ex/{exId}", ExecutionFields);
        Fields.ShouldHave(Json.Stats(ex), "_slicer_stats", SlicerStatsFields);
        Assert.Equal(jobId, Json.Str(ex, "job_id"));
        Assert.Equal("ex", Json.Str(ex, "_context"));
        Assert.Equal("completed", Json.Str(ex, "_status"));
        Assert.False((bool)ex["_has_errors"]!);
        Assert.Equal(1, Json.Long(Json.Stats(ex), "processed"));
        Assert.Equal(ex.ToJsonString(), (await node.Api.GetObjectAsync($"/ex/{exId}")).ToJsonString());
    });

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Errors_should_answer_an_array_of_error_slices(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.CompletedAsync(node, "ex-errors-" + kind);
        var route = Scenarios.Route(kind, jobId, exId);

        // no operation can fail a slice yet: the array is empty, and what it holds must be error slices
        foreach (var path in (string[])[$"{route}/errors", $"{route}/errors?size=5&from=0&sort=slicer_order:asc", "/v1/ex/errors", "/ex/errors?size=10"])
        {
            var errors = (await node.Api.GetAsync(path)).ShouldBeOk();
            Assert.True(errors is JsonArray, $"GET {path} should answer an array: {errors.ToJsonString()}");
            Assert.All(errors.AsArray(), e => Assert.Equal("error", Json.Str(e!.AsObject(), "state")));
        }
        Assert.Empty((await node.Api.GetAsync($"{route}/errors")).ShouldBeOk().AsArray());
    });

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Controller_and_slicer_should_answer_the_live_counters_then_404_after_the_end(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-controller-" + kind));
        var route = Scenarios.Route(kind, jobId, exId);

        foreach (var name in (string[])["controller", "slicer"])
        {
            var items = (await node.Api.GetAsync($"{route}/{name}")).ShouldBeOk().AsArray();
            var item = Assert.Single(items)!.AsObject();
            Fields.ShouldHave(item, $"GET {route}/{name}", ControllerFields);
            Assert.Equal(exId, Json.Str(item, "ex_id"));
            Assert.Equal(jobId, Json.Str(item, "job_id"));
            Assert.Equal("ex-controller-" + kind, Json.Str(item, "name"));
        }

        await node.Api.StopAsync(jobId);
        foreach (var name in (string[])["controller", "slicer"])
            (await node.Api.GetAsync($"{route}/{name}")).ShouldBeError(HttpStatusCode.NotFound, $"Could not find active slicer for ex_id: {exId}");
    });

    // ---- pause and resume

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Pause_and_resume_should_answer_and_record_paused_then_running(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-pause-" + kind));
        var route = Scenarios.Route(kind, jobId, exId);

        var pausedAt = DateTimeOffset.UtcNow;
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_pause"), "paused");
        var paused = await node.Api.WaitForStatusAsync(exId, "paused", Bounded);
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_pause"), "paused"); // again: still paused

        var resumedAt = DateTimeOffset.UtcNow;
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_resume"), "running");
        var resumed = await node.Api.WaitForStatusAsync(exId, "running", Bounded);
        // a status is written with _updated (same clock: the node runs here)
        Assert.True(Json.Date(paused, "_updated") >= pausedAt.AddMilliseconds(-50), $"paused should come with a new _updated: {paused.ToJsonString()}");
        Assert.True(Json.Date(resumed, "_updated") >= resumedAt.AddMilliseconds(-50), $"running should come with a new _updated: {resumed.ToJsonString()}");
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_resume"), "running"); // again: still running
    });

    [Fact]
    public Task A_paused_execution_should_process_nothing_until_resumed() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-pause-work"));
        await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") >= 3, "processed >= 3", Bounded);

        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"/v1/ex/{exId}/_pause"), "paused");
        // slices already out finish (50 ms each, a few per worker): then nothing moves
        var settled = await SettledProcessedAsync(node, jobId);
        await Task.Delay(1500);
        var later = Json.Long(Assert.Single(await node.Api.GetArrayAsync($"/v1/ex/{exId}/controller"))!.AsObject(), "processed");
        Assert.True(later == settled, $"a paused execution should process nothing: processed went from {settled} to {later}");

        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"/v1/ex/{exId}/_resume"), "running");
        await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "processed") >= later + 3, $"processed >= {later + 3} after the resume", Bounded);
    });

    [Theory]
    [InlineData("jobs", "_pause")]
    [InlineData("jobs", "_resume")]
    [InlineData("ex", "_pause")]
    [InlineData("ex", "_resume")]
    public Task Pause_and_resume_of_an_ended_execution_should_be_404(string kind, string route) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.StoppedAsync(node, $"ex-ended-{kind}{route}");

        (await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/{route}"))
            .ShouldBeError(HttpStatusCode.NotFound, $"no active execution context was found for ex_id: {exId}");

        Assert.Equal("stopped", await node.Api.StatusAsync(exId));
    });

    [Fact]
    public Task Control_of_a_stopping_execution_should_be_refused_as_documented() => OnNode(async node =>
    {
        // one execution held in stopping for 4 s serves every call (each takes milliseconds)
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        var (jobId, exId) = await Scenarios.StoppingAsync(node, "ex-stopping", holdMs: 4000);
        var calls = new (string Path, HttpStatusCode Status, string Message)[]
        {
            ($"/v1/jobs/{jobId}/_pause", HttpStatusCode.Conflict, $"Execution {exId} is not available to pause"),
            ($"/v1/ex/{exId}/_pause", HttpStatusCode.Conflict, $"Execution {exId} is not available to pause"),
            ($"/v1/jobs/{jobId}/_resume", HttpStatusCode.Conflict, $"Execution {exId} is not available to resume"),
            ($"/v1/ex/{exId}/_resume", HttpStatusCode.Conflict, $"Execution {exId} is not available to resume"),
            ($"/v1/jobs/{jobId}/_workers?add=1", HttpStatusCode.NotFound, $"no active execution context was found for ex_id: {exId}"),
            ($"/v1/ex/{exId}/_workers?total=3", HttpStatusCode.NotFound, $"no active execution context was found for ex_id: {exId}"),
            ($"/v1/jobs/{jobId}/_start", HttpStatusCode.Conflict, $"Job {jobId} is currently running, cannot have the same job concurrently running"),
            ($"/v1/jobs/{jobId}/_recover", HttpStatusCode.Conflict, $"Execution {exId} is stopping: only an execution that has ended can be recovered"),
            ($"/v1/ex/{exId}/_recover", HttpStatusCode.Conflict, $"Execution {exId} is stopping: only an execution that has ended can be recovered"),
        };
        var answers = new List<ApiResponse>();
        foreach (var (path, _, _) in calls) answers.Add(await node.Api.PostAsync(path));
        var delete = await node.Api.DeleteAsync($"/v1/jobs/{jobId}");
        var stopAgain = await node.Api.PostAsync($"/v1/ex/{exId}/_stop?blocking=false");
        var statusAfter = await node.Api.StatusAsync(exId);
        Assert.True(statusAfter == "stopping", $"the execution should still be stopping after the calls (it is {statusAfter}); the hold is too short to test anything");

        for (var i = 0; i < calls.Length; i++) answers[i].ShouldBeError(calls[i].Status, calls[i].Message);
        delete.ShouldBeError(HttpStatusCode.Conflict, $"Job {jobId} is currently running, cannot delete a running job.");
        Scenarios.ShouldBeStatus(stopAgain, "stopping");
        // a blocking stop of a stopping execution waits for its end, which the timeout brings before the 10 s slice is done
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"/v1/jobs/{jobId}/_stop"), "stopped");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(9.5),
            $"a stop with timeout=4000 should not wait for the 10 s slice; it took {stopping.Elapsed.TotalSeconds:0.0} s from the start of the job");
    });

    // ---- workers

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Workers_should_add_remove_and_set_the_count_with_the_documented_messages(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-workers-" + kind, workers: 1));
        var route = Scenarios.Route(kind, jobId, exId);

        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"{route}/_workers?add=2"), $"2 workers have been enqueued for execution: {exId}");
        await ShouldRecordWorkersAsync(node, exId, 3);
        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"{route}/_workers?remove=1"), $"1 workers have been remove for execution: {exId}");
        await ShouldRecordWorkersAsync(node, exId, 2);
        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"{route}/_workers?total=4"), $"2 workers have been enqueued for execution: {exId}");
        await ShouldRecordWorkersAsync(node, exId, 4);
        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"{route}/_workers?total=1"), $"3 workers have been remove for execution: {exId}");
        await ShouldRecordWorkersAsync(node, exId, 1);
        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"{route}/_workers?total=1"), $"0 workers have been set for execution: {exId}");
        Scenarios.ShouldBeMessage(await node.Api.PostAsync($"{route}/_workers?add=0"), $"0 workers have been enqueued for execution: {exId}");

        await node.Api.WaitForWorkerCountAsync(exId, 1, Bounded);
    });

    [Theory]
    [InlineData("jobs", "remove=2")]
    [InlineData("jobs", "remove=5")]
    [InlineData("ex", "remove=2")]
    [InlineData("ex", "total=0")]
    public Task Workers_should_refuse_removing_every_worker_with_400(string kind, string query) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-workers-all-" + kind));
        var count = query == "remove=5" ? 5 : 2;

        (await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/_workers?{query}"))
            .ShouldBeError(HttpStatusCode.BadRequest, $"workers to be removed: {count} cannot be >= to current workers: 2");

        await ShouldRecordWorkersAsync(node, exId, 2);
    });

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Workers_of_an_ended_execution_should_be_404(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.CompletedAsync(node, "ex-workers-ended-" + kind);

        (await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/_workers?add=1"))
            .ShouldBeError(HttpStatusCode.NotFound, $"no active execution context was found for ex_id: {exId}");
    });

    // ---- stop

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Stop_should_answer_stopped_when_blocking_and_the_end_status_once_ended(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-stop-" + kind));
        var route = Scenarios.Route(kind, jobId, exId);

        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_stop"), "stopped");
        Assert.Equal("stopped", await node.Api.StatusAsync(exId));
        Assert.Equal(0, await node.Api.WorkerCountAsync(exId));

        // an ended execution: nothing to do, its status
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_stop"), "stopped");
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{route}/_stop?blocking=false"), "stopped");
        var (doneJob, doneEx) = await Scenarios.CompletedAsync(node, "ex-stop-completed-" + kind);
        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{Scenarios.Route(kind, doneJob, doneEx)}/_stop"), "completed");
    });

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Stop_without_blocking_should_answer_stopping_and_end_stopped(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-stop-nb-" + kind));

        Scenarios.ShouldBeStatus(await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/_stop?blocking=false"), "stopping");

        await node.Api.WaitForStatusAsync(exId, "stopped", Bounded);
    });

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Stop_with_force_should_answer_the_force_message_and_status(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-stop-force-" + kind));

        var reply = (await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/_stop?force=true")).ShouldBeOk().AsObject();

        Assert.Equal(
            new JsonObject { ["message"] = $"Force stop complete for exId {exId}", ["status"] = "stopped" }.ToJsonString(),
            reply.ToJsonString());
    });

    // ---- recover

    [Theory]
    [InlineData("jobs", null)]
    [InlineData("jobs", "errors")] // the documented example
    [InlineData("jobs", "pending")]
    [InlineData("ex", null)]
    [InlineData("ex", "errors")] // the documented example
    [InlineData("ex", "all")]
    public Task Recover_should_create_an_execution_that_recovers_the_ended_one(string kind, string? cleanup) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.StoppedAsync(node, $"ex-recover-{kind}-{cleanup}");
        // upstream's alias cleanup for one of them
        var query = cleanup is null ? "" : cleanup == "all" ? $"?cleanup={cleanup}" : $"?cleanup_type={cleanup}";

        var reply = (await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/_recover{query}")).ShouldBeOk().AsObject();

        Fields.ShouldBeExactly(reply, "POST _recover", "job_id", "ex_id");
        Assert.Equal(jobId, Json.Str(reply, "job_id"));
        var recovery = Json.Str(reply, "ex_id");
        Assert.NotEqual(exId, recovery);
        var ex = await node.Api.GetObjectAsync($"/v1/ex/{recovery}");
        Assert.Equal(exId, Json.Str(ex, "recovered_execution"));
        if (cleanup is null)
            Assert.False(ex.ContainsKey("recovered_slice_type"), $"without a cleanup type there should be no recovered_slice_type: {ex.ToJsonString()}");
        else
            Assert.Equal(cleanup, Json.Str(ex, "recovered_slice_type"));
        Assert.Equal(recovery, Json.Str(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex"), "ex_id"));

        // with a cleanup type a persistent job completes after the replay; without, it goes on
        if (cleanup is null)
        {
            await node.Api.WaitForStatusAsync(recovery, "running", Bounded);
            await node.Api.StopAsync(jobId);
        }
        else
        {
            await node.Api.WaitForStatusAsync(recovery, "completed", Bounded);
        }
    });

    [Theory]
    [MemberData(nameof(Scenarios.RouteKinds), MemberType = typeof(Scenarios))]
    public Task Recover_of_a_living_execution_should_be_409(string kind) => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("ex-recover-living-" + kind));

        (await node.Api.PostAsync($"{Scenarios.Route(kind, jobId, exId)}/_recover"))
            .ShouldBeError(HttpStatusCode.Conflict, $"Execution {exId} is running: only an execution that has ended can be recovered");

        Assert.Equal(exId, Json.Str(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex"), "ex_id"));
    });

    [Fact]
    public Task Recover_of_an_older_execution_while_the_job_runs_should_be_409() => OnNode(async node =>
    {
        var (jobId, first) = await Scenarios.StoppedAsync(node, "ex-recover-older");
        Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");

        (await node.Api.PostAsync($"/v1/ex/{first}/_recover")).ShouldBeError(HttpStatusCode.Conflict,
            $"Job {jobId} is currently running, cannot have the same job concurrently running");
    });

    [Fact]
    public Task Recover_of_a_job_without_executions_should_be_404() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("ex-recover-none"));

        (await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover")).ShouldBeError(HttpStatusCode.NotFound,
            $"Job {jobId} is missing an execution to recover from");
    });

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);

    private static async Task ShouldRecordWorkersAsync(NodeProcess node, string exId, long workers) =>
        await Eventually.UntilAsync(
            () => node.Api.GetAsync($"/v1/ex/{exId}"),
            r => r.Status == HttpStatusCode.OK && r.Json!["workers"] is JsonValue v && v.TryGetValue<long>(out var w) && w == workers,
            Bounded,
            r => $"execution {exId} should record workers: {workers}; last answer: {r?.Body}");

    /// <summary>
    /// The live processed counter once it stopped moving: two reads agree that are further apart
    /// than the slicers' status interval (500 ms), which is how often the controller hears them.
    /// </summary>
    private static async Task<long> SettledProcessedAsync(NodeProcess node, string jobId)
    {
        long? previous = null;
        for (var i = 0; i < 20; i++)
        {
            var processed = Json.Long(Assert.Single(await node.Api.GetArrayAsync($"/v1/jobs/{jobId}/controller"))!.AsObject(), "processed");
            if (processed == previous) return processed;
            previous = processed;
            await Task.Delay(1200);
        }
        throw new Xunit.Sdk.XunitException($"the processed counter of job {jobId} never settled after the pause; last {previous}");
    }
}
