using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit.Abstractions;

namespace Teraslice.Akka.Node.Tests;

/// <summary>
/// A cluster inside the test process (<see cref="TerasliceEnvironment"/>), driven through its
/// in-process client: the core calls, peer groups, and worker slots added and removed mid-job.
/// </summary>
[Collection(EmbeddingCollection.Name)]
public sealed class EmbeddingSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    private static JsonObject Spec(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Quick(string name) => Spec($$"""
        {"name":"{{name}}","lifecycle":"once","workers":1,"operations":[{"_op":"data_generator","size":10,"slice_size":10},{"_op":"noop"}]}
        """);

    private static JsonObject Persistent(string name) => Spec($$"""
        {"name":"{{name}}","lifecycle":"persistent","workers":1,"operations":[{"_op":"data_generator","size":10,"slice_size":10},{"_op":"delay","ms":20}]}
        """);

    /// <summary>Slices of 10 records taking 100 ms each, on <paramref name="workers"/> workers.</summary>
    private static JsonObject Slow(string name, int slices, int workers) => Spec($$"""
        {"name":"{{name}}","lifecycle":"once","workers":{{workers}},"operations":[{"_op":"data_generator","size":{{slices * 10}},"slice_size":10},{"_op":"delay","ms":100}]}
        """);

    [Fact]
    public async Task The_core_calls_should_work_against_an_environment_in_the_process()
    {
        await using var env = await TerasliceEnvironment.StartDevelopmentAsync();
        var client = env.Client;

        var first = await client.SubmitJobAsync(Quick("embedded"), "embedded-once");
        Assert.Equal(first, await client.SubmitJobAsync(Quick("embedded"), "embedded-once"));
        Assert.Equal(JobOutcome.Completed, await client.AwaitJobCompletionAsync("embedded-once", Bounded));
        var refused = await Assert.ThrowsAsync<TerasliceException>(() => client.SubmitJobAsync(Quick("another"), "embedded-once"));
        Assert.Equal(RejectionKind.Conflict, refused.Kind);

        var persistent = await client.SubmitJobAsync(Persistent("embedded-forever"), "embedded-forever");
        Assert.Equal(JobOutcome.TimedOut, await client.AwaitJobCompletionAsync(persistent.JobId, TimeSpan.FromMilliseconds(300)));
        await client.KillJobAsync(persistent.JobId);
        Assert.Equal(JobOutcome.Killed, await client.AwaitJobCompletionAsync(persistent.JobId, Bounded));

        var events = await EventsUntilAsync(client, e => e is { Kind: ClusterEventKinds.JobKilled, JobId: "embedded-forever" });
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => events[0].Sequence + i), events.Select(e => e.Sequence));
        Assert.Contains(events, e => e is { Kind: ClusterEventKinds.JobSubmitted, JobId: "embedded-once" });
        Assert.Contains(events, e => e.Kind == ClusterEventKinds.ExecutionStatus && e.JobId == "embedded-once" && (string?)e.Data["status"] == "completed");
        Assert.Single(events, e => e is { Kind: ClusterEventKinds.JobSubmitted, JobId: "embedded-once" }); // submitted once, however often it was sent
    }

    [Fact]
    public async Task An_environment_in_memory_should_write_nothing_to_disk_and_one_on_a_folder_should_keep_its_jobs()
    {
        var before = Directory.GetFileSystemEntries(Path.GetTempPath(), "teraslice-dev-*").Length;
        await using (var inMemory = await TerasliceEnvironment.StartDevelopmentAsync())
        {
            await inMemory.Client.SubmitJobAsync(Quick("memory"), "memory");
            Assert.Equal(JobOutcome.Completed, await inMemory.Client.AwaitJobCompletionAsync("memory", Bounded));
            Assert.Equal(before, Directory.GetFileSystemEntries(Path.GetTempPath(), "teraslice-dev-*").Length);
        }

        var folder = Path.Combine(Path.GetTempPath(), "ts-embedding-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            SubmittedJob kept;
            await using (var first = await TerasliceEnvironment.StartDevelopmentAsync(o => o.DataDir = folder))
            {
                kept = await first.Client.SubmitJobAsync(Quick("kept"), "kept");
                Assert.Equal(JobOutcome.Completed, await first.Client.AwaitJobCompletionAsync("kept", Bounded));
            }
            Assert.True(File.Exists(Path.Combine(folder, "teraslice.db")));
            await using var second = await TerasliceEnvironment.StartDevelopmentAsync(o => o.DataDir = folder);
            // restarting the service does not run the job again
            Assert.Equal(kept, await second.Client.SubmitJobAsync(Quick("kept"), "kept"));
            Assert.Equal(kept.ExId, (await second.Client.GetLatestExecutionAsync("kept")).ExId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Slots_added_and_removed_mid_job_should_change_the_workers_and_keep_the_counts_exact()
    {
        await using var env = await TerasliceEnvironment.StartDevelopmentAsync(o => o.Workers = 1);
        var client = env.Client;
        var submitted = await client.SubmitJobAsync(Slow("elastic", slices: 60, workers: 3), "elastic");
        await WaitUntilAsync(async () => (await client.GetExecutionAsync(submitted.ExId!)).Status == ExecutionStatus.Running);

        var added = await env.Node.StartPeersAsync(2);
        Assert.Equal([2, 3], added.Select(s => s.Number));
        Assert.Equal([1, 2, 3], env.Node.Slots.Select(s => s.Number));
        // the execution wanted 3 workers and had 1: the new slots get the other 2
        await WaitUntilAsync(async () => await WorkersOfAsync(env, submitted.ExId!) == 3);

        await env.Node.ShutdownPeerAsync(added[0]);
        Assert.Equal([1, 3], env.Node.Slots.Select(s => s.Number));
        // the master learns it from the node's next report
        await WaitUntilAsync(async () => await WorkersOfAsync(env, submitted.ExId!) <= 2);
        await Assert.ThrowsAsync<ArgumentException>(() => env.Node.ShutdownPeerAsync(added[0]));

        Assert.Equal(JobOutcome.Completed, await client.AwaitJobCompletionAsync("elastic", Bounded));
        var stats = (await client.GetExecutionAsync(submitted.ExId!)).ToDocument()["_slicer_stats"]!;
        output.WriteLine(stats.ToJsonString());
        Assert.Equal((60L, 0L, 600L, 600L), ((long)stats["processed"]!, (long)stats["failed"]!, (long)stats["records_in"]!, (long)stats["records_out"]!));
    }

    [Fact]
    public async Task Two_peer_groups_should_join_the_environments_cluster_and_share_its_work()
    {
        await using var env = await TerasliceEnvironment.StartDevelopmentAsync(o => o.Workers = 1);
        var second = await env.StartPeerGroupAsync(o => o.Workers = 2);
        var third = await env.StartPeerGroupAsync(o => o.Workers = 2);
        Assert.Equal(["dev-2", "dev-3"], env.PeerGroups.Select(n => n.NodeId));

        var submitted = await env.Client.SubmitJobAsync(Slow("spread", slices: 30, workers: 5), "spread");
        Assert.Equal(JobOutcome.Completed, await second.Client.AwaitJobCompletionAsync("spread", Bounded)); // any node's client drives the cluster

        var allocated = (await EventsUntilAsync(env.Client, e => e is { Kind: ClusterEventKinds.ExecutionStatus, JobId: "spread" } && (string?)e.Data["status"] == "completed"))
            .Where(e => e.Kind == ClusterEventKinds.WorkersAllocated && e.ExId == submitted.ExId && (int)e.Data["started"]! > 0)
            .Select(e => (string)e.Data["node_id"]!).ToHashSet();
        Assert.Equal(["dev-1", "dev-2", "dev-3"], allocated.Order());
        var stats = (await env.Client.GetExecutionAsync(submitted.ExId!)).ToDocument()["_slicer_stats"]!;
        Assert.Equal((30L, 0L), ((long)stats["processed"]!, (long)stats["failed"]!));

        await third.ShutdownAsync(); // leaves gracefully
        Assert.Equal(["dev-2"], env.PeerGroups.Where(n => n != third).Select(n => n.NodeId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_node_downed_by_its_cluster_should_join_again_with_a_new_ActorSystem_or_stay_stopped(bool rejoin)
    {
        await using var env = await TerasliceEnvironment.StartDevelopmentAsync(o =>
        {
            o.Workers = 1;
            o.RejoinWhenDowned = rejoin;
        });
        var peer = await env.StartPeerGroupAsync(o => o.Workers = 2);
        var downedAddress = peer.Address;
        var system = (global::Akka.Actor.ActorSystem)env.Node.Services.GetService(typeof(global::Akka.Actor.ActorSystem))!;

        global::Akka.Cluster.Cluster.Get(system).Down(global::Akka.Actor.Address.Parse(downedAddress));

        if (!rejoin)
        {
            await WaitUntilAsync(() => Task.FromResult(peer.IsStopped));
            Assert.Equal(1, peer.Incarnation);
            // the environment goes on without it
            await env.Client.SubmitJobAsync(Quick("without-peer"), "without-peer");
            Assert.Equal(JobOutcome.Completed, await env.Client.AwaitJobCompletionAsync("without-peer", Bounded));
            return;
        }
        await WaitUntilAsync(() => Task.FromResult(peer.Incarnation == 2));
        Assert.False(peer.IsStopped);
        Assert.NotEqual(downedAddress, peer.Address);
        // the node works again: its client answers, and its slots take work
        var submitted = await peer.Client.SubmitJobAsync(Slow("after-down", slices: 12, workers: 3), "after-down");
        Assert.Equal(JobOutcome.Completed, await env.Client.AwaitJobCompletionAsync("after-down", Bounded));
        var events = await EventsUntilAsync(env.Client, e => e is { Kind: ClusterEventKinds.ExecutionStatus, JobId: "after-down" } && (string?)e.Data["status"] == "completed");
        Assert.Contains(events, e => e is { Kind: ClusterEventKinds.NodeLeft } && (string?)e.Data["node_id"] == "dev-2");
        Assert.Contains(events, e => e.Kind == ClusterEventKinds.WorkersAllocated && e.ExId == submitted.ExId && (string?)e.Data["node_id"] == "dev-2" && (int)e.Data["started"]! > 0);
    }

    private static async Task<int> WorkersOfAsync(TerasliceEnvironment env, string exId)
    {
        var master = (Teraslice.Akka.Api.Master.IMasterClient)env.Node.Services.GetService(typeof(Teraslice.Akka.Api.Master.IMasterClient))!;
        var state = JsonNode.Parse(((JsonReply)await master.AskAsync(GetClusterState.Instance, TimeSpan.FromSeconds(10), CancellationToken.None)).Json)!.AsObject();
        return state.Sum(node => node.Value!["active"]!.AsArray().Count(w => (string?)w!["assignment"] == "worker" && (string?)w["ex_id"] == exId));
    }

    private static async Task<List<ClusterEvent>> EventsUntilAsync(ITerasliceClient client, Func<ClusterEvent, bool> last)
    {
        using var stop = new CancellationTokenSource(Bounded);
        var events = new List<ClusterEvent>();
        await foreach (var e in client.SubscribeToLogAsync(0, stop.Token))
        {
            events.Add(e);
            if (last(e)) return events;
        }
        return events;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold within " + Bounded);
            await Task.Delay(50);
        }
    }
}

/// <summary>Clusters in the process: one at a time (each has its ActorSystems, on 2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EmbeddingCollection
{
    public const string Name = "embedding";
}
