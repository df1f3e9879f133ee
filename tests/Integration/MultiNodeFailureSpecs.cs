using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Any node of a real cluster can die mid-job: a worker node killed (kill -9), the master's node
/// killed, a worker node leaving gracefully (SIGTERM). The job completes with every slice counted
/// once; what re-runs is only what the dead node held.
/// </summary>
public sealed class MultiNodeFailureSpecs(ITestOutputHelper output) : MultiNodeSpec(output)
{
    [Fact]
    public Task A_worker_node_killed_mid_job_should_have_its_slices_run_again_and_its_workers_replaced() => InClusterAsync(async cluster =>
    {
        // after the kill, 3 workers need at least (240 - 8 - 8 held) × 0.5 s / 3 ≈ 37 s: longer than
        // the fail-over bound, so the job is still running when the dead node is gone (asserted)
        const int slices = 240;
        var (n1, n2, n3, _) = await cluster.StartThreeAsync();
        Step("3 nodes up");

        var sliceLog = cluster.FilePath("slices.tsv");
        var (jobId, exId) = await n1.Api.SubmitAsync(OnceJob("mn-worker-kill", workers: 4, slices, delayMs: 500, sliceLog));
        var placed = await WaitForStateAsync(n1, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 4, $"4 workers of {exId}", Bounded);
        var onVictim = LocalCluster.WorkersPerNode(placed, exId)["n3"];
        Step($"workers: {LocalCluster.Describe(LocalCluster.WorkersPerNode(placed, exId))}");
        Assert.True(onVictim >= 1, $"n3 should run workers of {exId}: {placed.ToJsonString()}");
        await WaitUntilMidJobAsync(n1, jobId, atLeast: 8, slices);

        await n3.KillHardAsync();
        var sinceKill = Stopwatch.StartNew();
        var linesAtKill = (await SliceLogRuns.ReadAsync(sliceLog)).Runs.Count;
        Step($"kill -9 n3 ({onVictim} worker(s)); {linesAtKill} slice runs logged so far");

        var survivors = await WaitForStateAsync(n1, s => !s.ContainsKey("n3"), "n3 gone", FailoverBound + TimeSpan.FromSeconds(30));
        var gone = sinceKill.Elapsed;
        Step($"n3's slots left the cluster state {gone.TotalSeconds:0.0} s after the kill");
        Assert.True(gone <= FailoverBound, $"n3 should leave the cluster state within {FailoverBound.TotalSeconds:0} s of its kill, took {gone.TotalSeconds:0.0} s");
        Assert.Equal(["n1", "n2"], survivors.Select(kv => kv.Key).Order(StringComparer.Ordinal));

        // paused now, so that the replacements can be seen before the job ends however slow the
        // machine; the surviving workers worked on while n3 was being detected
        var pause = await n1.Api.PostAsync($"/v1/jobs/{jobId}/_pause");
        Assert.True(pause.Status == HttpStatusCode.OK && pause.Body.Contains("paused"),
            $"the job should still run {gone.TotalSeconds:0.0} s after the kill (pause answered {(int)pause.Status} {pause.Body}); make it longer");
        var replaced = await WaitForStateAsync(n1, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 4, $"4 workers of {exId} again", Bounded);
        var perNode = LocalCluster.WorkersPerNode(replaced, exId);
        Step($"replacements {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill: {LocalCluster.Describe(perNode)}");
        Assert.Equal(2, perNode["n1"]);
        Assert.Equal(2, perNode["n2"]);
        Scenarios.ShouldBeStatus(await n1.Api.PostAsync($"/v1/jobs/{jobId}/_resume"), "running");

        var ex = await ShouldCompleteExactlyAsync(n1, exId, slices);
        var stats = Json.Stats(ex);
        Assert.True(Json.Long(stats, "workers_disconnected") >= onVictim && Json.Long(stats, "workers_joined") >= 4 + onVictim,
            $"the controller should count n3's {onVictim} worker(s) gone and as many joined in their place: {stats.ToJsonString()}");
        var runs = await SliceLogRuns.ReadAsync(sliceLog);
        runs.ShouldCoverEverySlice(slices, RecordsPerSlice);
        // a worker holds at most 2 slices (its prefetch): one done whose completion died with the node, one running
        runs.ShouldRerunOnly(most: 2 * onVictim, firstRunBeforeLine: linesAtKill, why: "n3's workers");
        Step($"slice log: {runs.Runs.Count} runs, {runs.Reruns.Count} slice(s) ran again");
    });

    [Fact]
    public Task The_master_node_killed_mid_job_should_be_replaced_and_the_job_completed_exactly() => InClusterAsync(async cluster =>
    {
        const int slices = 60;
        // n1, the oldest master node, runs the cluster master; n2 (master + worker, the API) is the next
        var (n1, n2, n3, before) = await cluster.StartThreeAsync(
            new ClusterNodeOptions("n2"), new ClusterNodeOptions("n3", Roles: "worker", Api: "on"));
        Assert.Equal(["n1"], LocalCluster.MasterNodes(before));
        Step("3 nodes up; the cluster master on n1");

        var sliceLog = cluster.FilePath("slices.tsv");
        await using var watcher = new ExecutionWatcher(n2.Api, TimeSpan.FromMilliseconds(250));
        var (jobId, exId) = await n1.Api.SubmitAsync(OnceJob("mn-master-kill", workers: 4, slices, delayMs: 500, sliceLog));
        watcher.Track(jobId);
        await WaitForStateAsync(n2, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 4, $"4 workers of {exId}", Bounded);
        await WaitUntilMidJobAsync(n1, jobId, atLeast: 8, slices);

        await using var probeN2 = new ApiReadProbe("n2", n2.Api, $"/v1/ex/{exId}", TimeSpan.FromMilliseconds(300), Clock);
        await using var probeN3 = new ApiReadProbe("n3", n3.Api, $"/v1/ex/{exId}", TimeSpan.FromMilliseconds(300), Clock);
        await n1.KillHardAsync();
        var sinceKill = Stopwatch.StartNew();
        Step("kill -9 n1 (the cluster master, slicers, 2 workers)");

        // a read sent while the master is gone waits for the next one
        var read = await n2.Api.GetAsync($"/v1/ex/{exId}");
        Step($"GET /v1/ex/{{id}} on n2 sent at the kill answered {(int)read.Status} after {sinceKill.Elapsed.TotalSeconds:0.0} s");
        Assert.True(read.Status == HttpStatusCode.OK, $"a read sent during the hand-over should wait and succeed: {(int)read.Status} {read.Body}");
        Assert.Equal(exId, Json.Str(read.Json!.AsObject(), "ex_id"));

        var after = await WaitForStateAsync(n2, s => LocalCluster.MasterNodes(s) is ["n2"], "the cluster master on n2", FailoverBound + TimeSpan.FromSeconds(30));
        var takeover = sinceKill.Elapsed;
        Step($"the cluster master runs on n2 {takeover.TotalSeconds:0.0} s after the kill (bound {FailoverBound.TotalSeconds:0} s)");
        Assert.True(takeover <= FailoverBound,
            $"a new master should take over within {FailoverBound.TotalSeconds:0} s (heartbeat pause {LocalCluster.HeartbeatPause.TotalSeconds} s + 2 × stable-after {LocalCluster.StableAfter.TotalSeconds} s + {LocalCluster.FailoverSlack.TotalSeconds} s), took {takeover.TotalSeconds:0.0} s");
        Assert.False(after.ContainsKey("n1"), $"n1 should be gone from the cluster state: {after.ToJsonString()}");

        await ShouldCompleteExactlyAsync(n2, exId, slices);
        await probeN2.StopAsync();
        await probeN3.StopAsync();
        Step(probeN2.Summary());
        Step(probeN3.Summary());
        probeN2.ShouldHaveAnsweredEveryRead();
        probeN3.ShouldHaveAnsweredEveryRead();

        // nothing left living, one execution of the job, statuses as the rules say
        var living = await n3.Api.GetArrayAsync($"/v1/ex?size=100&status={string.Join(',', ExecutionStatus.Living)}");
        Assert.True(living.Count == 0, $"no execution should be left living: {living.ToJsonString()}");
        await watcher.PollAsync();
        Assert.True(watcher.Violations.Count == 0, watcher.Describe());
        var seen = Assert.Single(watcher.Executions);
        Assert.Equal(exId, seen.ExId);
        Assert.Equal("completed", seen.Statuses[^1]);
        Assert.True(n2.LogContains("1 living execution(s) re-attached"), "n2's cluster master should say it re-attached the living execution");

        var runs = await SliceLogRuns.ReadAsync(sliceLog);
        runs.ShouldCoverEverySlice(slices, RecordsPerSlice);
        // each of the 4 workers: up to 2 slices held, and one completed in the last write window
        runs.ShouldRerunOnly(most: 3 * 4, firstRunBeforeLine: null, why: "the workers at the time of the kill");
        Step($"slice log: {runs.Runs.Count} runs, {runs.Reruns.Count} slice(s) ran again");
    });

    [Fact]
    public Task A_master_role_node_hosting_slicers_killed_mid_job_should_have_them_resume_elsewhere_and_every_execution_complete() => InClusterAsync(async cluster =>
    {
        // n2 has the master role but is not the cluster master: it hosts slicer shards, no controller;
        // the controllers live on and must attach to their slicers' next incarnations on n1
        const int slices = 60, mostExecutions = 6;
        var (n1, n2, _, state) = await cluster.StartThreeAsync(new ClusterNodeOptions("n2"));
        Assert.Equal(["n1"], LocalCluster.MasterNodes(state));
        Step("3 nodes up; the cluster master on n1");

        // executions of one worker each until a slicer runs on n2: its shard region registers with the
        // coordinator some seconds after it joined (retried every 2 s), so they are paced
        var jobs = new List<(string JobId, string ExId, string SliceLog, string SlicerNode)>();
        while (jobs.Count == 0 || jobs[^1].SlicerNode != "n2")
        {
            Assert.True(jobs.Count < mostExecutions, $"none of {jobs.Count} executions submitted over {Clock.Elapsed.TotalSeconds:0} s had its slicer on n2");
            if (jobs.Count > 0) await Task.Delay(TimeSpan.FromSeconds(3));
            var sliceLog = cluster.FilePath($"slices-{jobs.Count}.tsv");
            var (jobId, exId) = await n1.Api.SubmitAsync(OnceJob($"mn-slicer-kill-{jobs.Count}", workers: 1, slices, delayMs: 500, sliceLog));
            var placed = await WaitForStateAsync(n1, s => LocalCluster.SlicerNodes(s, exId).Count == 1, $"the slicer of {exId}", Bounded);
            jobs.Add((jobId, exId, sliceLog, LocalCluster.SlicerNodes(placed, exId)[0]));
        }
        Step($"slicers: {string.Join(", ", jobs.Select(j => $"{j.ExId[..8]} on {j.SlicerNode}"))}");
        foreach (var (jobId, _, _, _) in jobs) await WaitUntilMidJobAsync(n1, jobId, atLeast: 2, slices);

        await n2.KillHardAsync();
        Step("kill -9 n2");
        var moved = jobs.Where(j => j.SlicerNode == "n2").Select(j => j.ExId).ToList();
        await WaitForStateAsync(n1, s => !s.ContainsKey("n2") && moved.All(ex => LocalCluster.SlicerNodes(s, ex) is ["n1"]),
            $"n2 gone and the slicers of {string.Join(", ", moved)} on n1", FailoverBound + TimeSpan.FromSeconds(30));
        Step($"n2 gone; its {moved.Count} slicer(s) run on n1");

        foreach (var (_, exId, sliceLog, _) in jobs)
        {
            await ShouldCompleteExactlyAsync(n1, exId, slices);
            var runs = await SliceLogRuns.ReadAsync(sliceLog);
            runs.ShouldCoverEverySlice(slices, RecordsPerSlice);
            // a slicer's next incarnation hands out again what was out by its journal: what the worker
            // held (2 at most; it may have finished them) and one completed in the last write window
            runs.ShouldRerunOnly(most: 3, firstRunBeforeLine: null, why: "the execution's worker and the slicer's last write");
        }
    });

    [Fact]
    public Task A_worker_node_leaving_gracefully_mid_job_should_finish_or_hand_back_its_slices() => InClusterAsync(async cluster =>
    {
        const int slices = 60;
        var (n1, _, n3, _) = await cluster.StartThreeAsync();
        Step("3 nodes up");

        var sliceLog = cluster.FilePath("slices.tsv");
        var (jobId, exId) = await n1.Api.SubmitAsync(OnceJob("mn-leave", workers: 6, slices, delayMs: 500, sliceLog));
        var placed = await WaitForStateAsync(n1, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 6, $"6 workers of {exId}", Bounded);
        Assert.Equal(2, LocalCluster.WorkersPerNode(placed, exId)["n3"]);
        await WaitUntilMidJobAsync(n1, jobId, atLeast: 8, slices);

        var stopping = Stopwatch.StartNew();
        var exitCode = await n3.StopGracefullyAsync(TimeSpan.FromSeconds(90));
        Step($"SIGTERM n3: exited with code {exitCode} after {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.True(exitCode == 0, $"n3 should leave cleanly (exit code 0), got {exitCode}; last lines:\n{n3.TailText(40)}");
        await WaitForStateAsync(n1, s => !s.ContainsKey("n3"), "n3 gone", Bounded);

        await ShouldCompleteExactlyAsync(n1, exId, slices);
        var runs = await SliceLogRuns.ReadAsync(sliceLog);
        runs.ShouldCoverEverySlice(slices, RecordsPerSlice);
        runs.ShouldRunEachSliceOnce();
    });
}
