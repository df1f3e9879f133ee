using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Recovery (teraslice-notes §3.6) as far as it goes without an operation that fails slices: a
/// stopped <c>once</c> execution recovered with and without a cleanup type, a chain of
/// recoveries, a second recovery of the same execution, and <c>autorecover</c>. Every record is
/// counted exactly once across the executions of a job.
/// </summary>
public sealed class RecoverySpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = Scenarios.Bounded;
    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(90);

    [Fact]
    public Task Recover_without_cleanup_should_finish_a_stopped_once_job_with_every_record_counted_once() => OnNode(async node =>
    {
        var (jobId, stoppedEx) = await StoppedMidWayAsync(node, Jobs.SlowOnce);
        var stopped = Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{stoppedEx}"));

        var recovery = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        var seen = new List<string>();
        var recovered = await node.Api.WaitForStatusAsync(recovery, "completed", Completion, seen, TimeSpan.FromMilliseconds(25));

        Assert.Equal(stoppedEx, Json.Str(recovered, "recovered_execution"));
        Assert.False(recovered.ContainsKey("recovered_slice_type"), $"no cleanup type, no recovered_slice_type: {recovered.ToJsonString()}");
        ShouldCountTheJobExactlyOnce([stopped, Json.Stats(recovered)], $"stopped {stoppedEx} then recovered by {recovery}");
        Assert.True(seen.All(s => ExecutionStatus.Living.Contains(s) || s == "completed"), $"statuses seen: {string.Join(" → ", seen)}");
    });

    [Fact]
    public Task Recover_with_cleanup_pending_should_run_only_the_waiting_slices_and_a_chain_should_finish_the_job() => OnNode(async node =>
    {
        var (jobId, stoppedEx) = await StoppedMidWayAsync(node, Jobs.SlowOnce);
        var stopped = Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{stoppedEx}"));
        var waiting = Json.Long(stopped, "queued");

        var pending = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover?cleanup_type=pending")).ShouldBeOk().AsObject(), "ex_id");
        var pendingEx = await node.Api.WaitForStatusAsync(pending, "completed", Completion);

        Assert.Equal(stoppedEx, Json.Str(pendingEx, "recovered_execution"));
        Assert.Equal("pending", Json.Str(pendingEx, "recovered_slice_type"));
        var pendingStats = Json.Stats(pendingEx);
        // the stopped record counts as queued the slices cut but not done; only those run again
        Assert.True(Json.Long(pendingStats, "processed") == waiting && Json.Long(pendingStats, "records_in") == waiting * 100,
            $"a pending recovery should run exactly the {waiting} slice(s) the stopped execution left waiting: stopped {stopped.ToJsonString()}, recovery {pendingStats.ToJsonString()}");
        Assert.True(Json.Long(stopped, "processed") + waiting < Jobs.SlowOnceSlices,
            $"the stopped execution should not have cut every slice for this spec to mean anything: {stopped.ToJsonString()}");

        // the chain: recovering the recovery goes on after the first execution's last cut
        var chain = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        var chainEx = await node.Api.WaitForStatusAsync(chain, "completed", Completion);
        Assert.Equal(pending, Json.Str(chainEx, "recovered_execution"));
        Assert.False(chainEx.ContainsKey("recovered_slice_type"));
        ShouldCountTheJobExactlyOnce([stopped, pendingStats, Json.Stats(chainEx)], $"{stoppedEx} → {pending} (pending) → {chain}");
    });

    [Fact]
    public Task Recovering_the_same_execution_twice_should_be_refused_naming_its_recovery() => OnNode(async node =>
    {
        var (jobId, first) = await Scenarios.StoppedAsync(node, "recover-twice");
        var recovery = Json.Str((await node.Api.PostAsync($"/v1/ex/{first}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        await node.Api.WaitForStatusAsync(recovery, "running", Bounded);
        await node.Api.StopAsync(jobId);

        foreach (var query in (string[])["", "?cleanup_type=pending", "?cleanup=all"])
            (await node.Api.PostAsync($"/v1/ex/{first}/_recover{query}")).ShouldBeError(HttpStatusCode.Conflict,
                $"Execution {first} was already recovered by execution {recovery}; recover that one instead");

        // the job route recovers the latest, the recovery: a chain
        var next = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        Assert.Equal(recovery, Json.Str(await node.Api.WaitForStatusAsync(next, "running", Bounded), "recovered_execution"));
        await node.Api.StopAsync(jobId);
        (await node.Api.PostAsync($"/v1/ex/{recovery}/_recover")).ShouldBeError(HttpStatusCode.Conflict,
            $"Execution {recovery} was already recovered by execution {next}; recover that one instead");
    });

    [Fact]
    public Task Job_route_recovery_should_take_the_job_as_it_is_now_and_ex_route_the_execution_as_it_was() => OnNode(async node =>
    {
        var (jobId, first) = await Scenarios.StoppedAsync(node, "recover-config");
        (await node.Api.PutAsync($"/v1/jobs/{jobId}", Jobs.Persistent("recover-config-changed", workers: 3))).ShouldBeOk();

        // the ex route copies the execution it recovers
        var byEx = Json.Str((await node.Api.PostAsync($"/v1/ex/{first}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        var byExRecord = await node.Api.WaitForStatusAsync(byEx, "running", Bounded);
        Assert.Equal(2, Json.Long(byExRecord, "workers"));
        Assert.Equal("recover-config", Json.Str(byExRecord, "name"));
        await node.Api.WaitForWorkerCountAsync(byEx, 2, Bounded);
        await node.Api.StopAsync(jobId);

        // the job route applies the job's changes
        var byJob = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        var byJobRecord = await node.Api.WaitForStatusAsync(byJob, "running", Bounded);
        Assert.Equal(byEx, Json.Str(byJobRecord, "recovered_execution"));
        Assert.Equal(3, Json.Long(byJobRecord, "workers"));
        Assert.Equal("recover-config-changed", Json.Str(byJobRecord, "name"));
        await node.Api.WaitForWorkerCountAsync(byJob, 3, Bounded);
    });

    [Fact]
    public Task Autorecover_start_should_recover_the_latest_execution_pending_slices_then_go_on() => OnNode(async node =>
    {
        var (jobId, stoppedEx) = await StoppedMidWayAsync(node, Jobs.SlowOnceAutorecover);
        var stopped = Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{stoppedEx}"));
        Assert.True(Json.Long(stopped, "queued") > 0, $"the stopped execution should leave slices waiting for this spec to mean anything: {stopped.ToJsonString()}");

        var started = (await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject();
        Fields.ShouldBeExactly(started, "POST _start", "job_id", "ex_id");
        var exId = Json.Str(started, "ex_id");
        var seen = new List<string>();
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", Completion, seen, TimeSpan.FromMilliseconds(25));

        Assert.Equal(stoppedEx, Json.Str(ex, "recovered_execution"));
        Assert.Equal("pending", Json.Str(ex, "recovered_slice_type"));
        var recovering = seen.IndexOf("recovering");
        Assert.True(recovering >= 0 && seen.IndexOf("running", recovering) > recovering,
            $"an autorecover start should be seen recovering, then running (it goes on slicing); seen {string.Join(" → ", seen)}");
        ShouldCountTheJobExactlyOnce([stopped, Json.Stats(ex)], $"stopped {stoppedEx} then autorecovered by {exId}");
    });

    [Fact]
    public Task Autorecover_start_of_a_job_never_run_should_be_a_plain_start() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.SlowOnceAutorecover.Replace("\"size\":3000", "\"size\":300"));

        var exId = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");

        var ex = await node.Api.WaitForStatusAsync(exId, "completed", Completion);
        Assert.False(ex.ContainsKey("recovered_execution"), $"nothing to recover: {ex.ToJsonString()}");
        Assert.Equal(300, Json.Long(Json.Stats(ex), "records_in"));
    });

    /// <summary>Submits a <see cref="Jobs.SlowOnce"/>-like job, lets it do a few slices and stops it.</summary>
    private static async Task<(string JobId, string ExId)> StoppedMidWayAsync(NodeProcess node, string spec)
    {
        var (jobId, exId) = await node.Api.SubmitAsync(spec);
        await CrashSafetySpecs.WaitUntilMidWayAsync(node, jobId, atLeast: 4);
        await node.Api.StopAsync(jobId);
        var stats = Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{exId}"));
        Assert.True(Json.Long(stats, "processed") < Jobs.SlowOnceSlices, $"the job should be stopped mid-way: {stats.ToJsonString()}");
        return (jobId, exId);
    }

    /// <summary>The executions of one <see cref="Jobs.SlowOnce"/> job together did each of its slices once.</summary>
    private static void ShouldCountTheJobExactlyOnce(IReadOnlyList<JsonObject> stats, string what)
    {
        var described = string.Join("; ", stats.Select(s => s.ToJsonString()));
        Assert.True(stats.Sum(s => Json.Long(s, "processed")) == Jobs.SlowOnceSlices, $"{what}: the slices processed should add up to {Jobs.SlowOnceSlices}: {described}");
        Assert.True(stats.Sum(s => Json.Long(s, "records_in")) == Jobs.SlowOnceRecords, $"{what}: records_in should add up to {Jobs.SlowOnceRecords}: {described}");
        Assert.True(stats.Sum(s => Json.Long(s, "records_out")) == Jobs.SlowOnceRecords, $"{what}: records_out should add up to {Jobs.SlowOnceRecords}: {described}");
        Assert.True(stats.All(s => Json.Long(s, "failed") == 0), $"{what}: no slice should fail: {described}");
    }

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);
}
