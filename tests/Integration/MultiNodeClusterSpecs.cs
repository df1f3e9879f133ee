using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// A real cluster of several node processes on loopback sharing one SQLite file: nodes join, the
/// API answers on any node that serves it, an execution's workers spread over the nodes, and a
/// node that joins later receives the workers that did not fit.
/// </summary>
public sealed class MultiNodeClusterSpecs(ITestOutputHelper output) : MultiNodeSpec(output)
{
    [Fact]
    public Task Three_nodes_should_join_and_spread_an_executions_workers_over_every_node() => InClusterAsync(async cluster =>
    {
        var (n1, n2, n3, _) = await cluster.StartThreeAsync(n3: new ClusterNodeOptions("n3", Roles: "worker", Api: "on"));
        ClusterNode[] all = [n1, n2, n3];
        Step("3 nodes up");

        foreach (var via in (ClusterNode[])[n1, n3])
        {
            var about = await via.Api.GetObjectAsync("/v1");
            Assert.Equal("teraslice", Json.Str(about, "name"));
            var state = await LocalCluster.WaitForNodesAsync(via, all, Bounded);
            foreach (var node in all)
            {
                var entry = state[node.Name]!.AsObject();
                Assert.Equal(node.Name, Json.Str(entry, "node_id"));
                Assert.Equal("connected", Json.Str(entry, "state"));
                Assert.Equal(2, Json.Long(entry, "total"));
                Assert.Equal(2, Json.Long(entry, "available"));
                Assert.Equal((long?)node.Pid, Json.Long(entry, "pid"));
            }
            Assert.Equal(["n1"], LocalCluster.MasterNodes(state));
        }
        Step("GET /v1/cluster/state on n1 (master) and n3 (worker, --api on) lists n1, n2, n3 with 2 slots each");

        // a persistent job: it runs until stopped, so what the cluster state shows cannot race with its end
        var (jobId, exId) = await n3.Api.SubmitAsync(Jobs.Persistent("mn-spread", workers: 4));
        await n3.Api.WaitForStatusAsync(exId, "running", Bounded);
        var spread = await WaitForStateAsync(n1, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 4, $"4 workers of {exId}", Bounded);
        var perNode = LocalCluster.WorkersPerNode(spread, exId);
        Step($"workers of {exId}: {LocalCluster.Describe(perNode)}");
        Assert.True(all.All(n => perNode.GetValueOrDefault(n.Name) >= 1),
            $"4 workers on 3 nodes of 2 slots should have at least one on every node: {LocalCluster.Describe(perNode)}");
        foreach (var node in all)
        {
            var entry = spread[node.Name]!.AsObject();
            Assert.Equal(2 - perNode[node.Name], Json.Long(entry, "available"));
        }
        Assert.All(TerasliceApi.ClusterWorkers(spread, exId), w => Assert.Equal(jobId, Json.Str(w, "job_id")));

        await n1.Api.StopAsync(jobId);
        await n3.Api.WaitForWorkerCountAsync(exId, 0, Bounded);
        Step("stopped; every slot free again");
    });

    [Fact]
    public Task A_node_joining_mid_job_should_receive_the_workers_that_did_not_fit() => InClusterAsync(async cluster =>
    {
        const int slices = 60;
        var n1 = await cluster.StartAsync(new ClusterNodeOptions("n1"));
        var n2 = await cluster.StartAsync(new ClusterNodeOptions("n2", Roles: "worker", Api: "off"));
        await LocalCluster.WaitForNodesAsync(n1, [n1, n2], Bounded);
        Step("2 nodes of 2 slots up");

        var sliceLog = cluster.FilePath("slices.tsv");
        var (jobId, exId) = await n1.Api.SubmitAsync(OnceJob("mn-join", workers: 6, slices, delayMs: 300, sliceLog));
        var fitted = await WaitForStateAsync(n1, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 4, $"the 4 workers of {exId} that fit", Bounded);
        Step($"6 workers asked, 4 fit: {LocalCluster.Describe(LocalCluster.WorkersPerNode(fitted, exId))}");
        await WaitUntilMidJobAsync(n1, jobId, atLeast: 4, slices);

        // paused while the node joins, so that the job cannot end before it has, however slow the
        // machine (a paused execution still asks for the workers it lacks)
        Scenarios.ShouldBeStatus(await n1.Api.PostAsync($"/v1/jobs/{jobId}/_pause"), "paused");
        var n3 = await cluster.StartAsync(new ClusterNodeOptions("n3", Roles: "worker", Api: "off"));
        Step("n3 joined");
        var grown = await WaitForStateAsync(n1, s => LocalCluster.WorkersPerNode(s, exId).Values.Sum() == 6, $"6 workers of {exId}", Bounded);
        var perNode = LocalCluster.WorkersPerNode(grown, exId);
        Step($"workers of {exId}: {LocalCluster.Describe(perNode)}");
        Assert.Equal(2, perNode.GetValueOrDefault("n3"));
        Scenarios.ShouldBeStatus(await n1.Api.PostAsync($"/v1/jobs/{jobId}/_resume"), "running");

        await ShouldCompleteExactlyAsync(n1, exId, slices);
        var runs = await SliceLogRuns.ReadAsync(sliceLog);
        runs.ShouldCoverEverySlice(slices, RecordsPerSlice);
        runs.ShouldRunEachSliceOnce();
        Assert.True(n3.IsRunning, "n3 should still run");
    });
}
