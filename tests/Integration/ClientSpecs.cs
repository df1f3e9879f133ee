using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Integration;

/// <summary>
/// <see cref="TerasliceHttpClient"/> against a real node: submission under a job id of the
/// caller's (idempotent, also across a restart), each outcome of an await, kills that last, and
/// the cluster event log replayed from 0 then followed live with no gap or repeat.
/// </summary>
public sealed class ClientSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    private static JsonObject Spec(string json) => JsonNode.Parse(json)!.AsObject();

    private static TerasliceHttpClient ClientOf(NodeProcess node) => new(new Uri($"http://127.0.0.1:{node.ApiPort}"));

    private static string NewJobId(string what) => $"it-{what}-{Guid.NewGuid():N}"[..40];

    [Fact]
    public Task Submitting_twice_under_one_id_should_run_the_job_once_and_await_completed() => LeavingIdle(shared, async node =>
    {
        using var client = ClientOf(node);
        var jobId = NewJobId("once");

        var first = await client.SubmitJobAsync(Spec(Jobs.Quick("client-once")), jobId);
        var second = await client.SubmitJobAsync(Spec(Jobs.Quick("client-once")), jobId);

        Assert.Equal(jobId, first.JobId);
        Assert.NotNull(first.ExId);
        Assert.Equal(first, second);
        Assert.Equal(JobOutcome.Completed, await client.AwaitJobCompletionAsync(jobId, Bounded));
        Assert.Equal(first, await client.SubmitJobAsync(Spec(Jobs.Quick("client-once")), jobId)); // after it completed too
        var latest = await client.GetLatestExecutionAsync(jobId);
        Assert.Equal(first.ExId, latest.ExId);
        var executions = (await node.Api.GetAsync($"/v1/ex?size=100")).ShouldBeOk().AsArray().Count(e => Json.Str(e!.AsObject(), "job_id") == jobId);
        Assert.Equal(1, executions);
        Assert.Contains(await client.ListJobsAsync(0, 100), j => j.JobId == jobId);
    });

    [Fact]
    public Task Another_job_under_a_taken_id_should_be_refused_naming_the_difference() => LeavingIdle(shared, async node =>
    {
        using var client = ClientOf(node);
        var jobId = NewJobId("taken");
        await client.SubmitJobAsync(Spec(Jobs.Quick("client-taken")), jobId);
        await client.AwaitJobCompletionAsync(jobId, Bounded);

        var refused = await Assert.ThrowsAsync<TerasliceException>(() =>
            client.SubmitJobAsync(Spec(Jobs.Quick("client-taken").Replace("\"size\":10,", "\"size\":20,")), jobId));

        Assert.Equal((RejectionKind.Conflict, 409), (refused.Kind, refused.StatusCode));
        Assert.Contains("(operations[0].size: 10 stored, 20 submitted)", refused.Message);
    });

    [Fact]
    public Task A_killed_persistent_job_should_await_killed_and_never_run_again() => LeavingIdle(shared, async node =>
    {
        using var client = ClientOf(node);
        var jobId = NewJobId("killed");
        var submitted = await client.SubmitJobAsync(Spec(Jobs.Persistent("client-killed")), jobId);
        await node.Api.WaitForStatusAsync(submitted.ExId!, "running", Bounded);

        Assert.Equal(JobOutcome.TimedOut, await client.AwaitJobCompletionAsync(jobId, TimeSpan.FromMilliseconds(500)));
        await client.KillJobAsync(jobId);

        Assert.Equal(JobOutcome.Killed, await client.AwaitJobCompletionAsync(jobId, Bounded));
        Assert.Equal("stopped", (await client.GetExecutionAsync(submitted.ExId!)).Status.ToString().ToLowerInvariant());
        (await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeError(System.Net.HttpStatusCode.Conflict, $"Job {jobId} was killed and cannot be started.");
        var again = await Assert.ThrowsAsync<TerasliceException>(() => client.SubmitJobAsync(Spec(Jobs.Persistent("client-killed")), jobId));
        Assert.Equal($"Job {jobId} was killed and cannot be submitted again.", again.Message);
        await Assert.ThrowsAsync<TerasliceException>(() => client.RecoverJobAsync(jobId));
    });

    [Fact]
    public Task Stop_pause_resume_and_workers_should_drive_a_persistent_job() => LeavingIdle(shared, async node =>
    {
        using var client = ClientOf(node);
        var jobId = NewJobId("driven");
        var submitted = await client.SubmitJobAsync(Spec(Jobs.Persistent("client-driven")), jobId);
        await node.Api.WaitForStatusAsync(submitted.ExId!, "running", Bounded);

        await client.PauseJobAsync(jobId);
        Assert.Equal("paused", await node.Api.StatusAsync(submitted.ExId!));
        await client.ResumeJobAsync(jobId);
        await client.SetWorkersAsync(jobId, 1);
        Assert.Equal(1, (await client.GetExecutionAsync(submitted.ExId!)).Workers);
        await client.StopJobAsync(jobId);

        Assert.Equal(JobOutcome.Stopped, await client.AwaitJobCompletionAsync(jobId, Bounded));
        var recovered = await client.RecoverJobAsync(jobId);
        Assert.NotEqual(submitted.ExId, recovered.ExId);
        await client.StopJobAsync(jobId);
    });

    [Fact]
    public Task The_event_log_should_replay_from_0_then_follow_live_with_no_gap_or_repeat() => LeavingIdle(shared, async node =>
    {
        using var client = ClientOf(node);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var seen = new List<ClusterEvent>();
        var jobIds = Enumerable.Range(0, 3).Select(i => NewJobId($"log{i}")).ToList();
        var completed = new HashSet<string>();
        var following = Task.Run(async () =>
        {
            await foreach (var e in client.SubscribeToLogAsync(0, stop.Token))
            {
                lock (seen) seen.Add(e);
                if (e is { Kind: ClusterEventKinds.ExecutionStatus, JobId: { } id } && jobIds.Contains(id) && (string?)e.Data["status"] == "completed")
                    lock (completed) if (completed.Add(id) && completed.Count == jobIds.Count) return;
            }
        }, stop.Token);

        // jobs submitted while the subscription replays and then follows
        foreach (var jobId in jobIds)
        {
            await client.SubmitJobAsync(Spec(Jobs.Quick("client-log")), jobId);
            await Task.Delay(150);
        }
        await following;

        List<ClusterEvent> got;
        lock (seen) got = [.. seen];
        var stored = await ReadAllAsync(node, got[^1].Sequence);
        Assert.Equal(stored.Select(e => e.Sequence), got.Select(e => e.Sequence)); // every stored event once, in order
        foreach (var jobId in jobIds)
        {
            var mine = got.Where(e => e.JobId == jobId).ToList();
            Assert.Equal(ClusterEventKinds.JobSubmitted, mine[0].Kind);
            Assert.Equal(["pending", "scheduling", "initializing", "running", "completed"],
                mine.Where(e => e.Kind == ClusterEventKinds.ExecutionStatus).Select(e => (string?)e.Data["status"]));
        }
        Assert.Contains(got, e => e.Kind == ClusterEventKinds.WorkersAllocated && jobIds.Contains(e.JobId!));
    });

    [Fact]
    public async Task Awaiting_an_unknown_job_or_an_unreachable_node_should_say_so()
    {
        var node = await shared.GetAsync();
        using var client = ClientOf(node);
        var unknown = await Assert.ThrowsAsync<TerasliceException>(() => client.AwaitJobCompletionAsync("no-such-job", Bounded));
        Assert.Equal((RejectionKind.NotFound, "Job no-such-job was not found"), (unknown.Kind, unknown.Message));

        using var nowhere = new TerasliceHttpClient(new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}"));
        var unreachable = await Assert.ThrowsAsync<TerasliceException>(() => nowhere.GetJobAsync("any"));
        Assert.Equal(RejectionKind.Unavailable, unreachable.Kind);
        Assert.StartsWith($"cannot reach {nowhere.BaseAddress}", unreachable.Message);
    }

    [Fact]
    public Task A_resubmission_after_a_restart_on_the_same_store_should_not_run_the_job_again() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync();
        var jobId = NewJobId("restart");
        SubmittedJob first;
        using (var client = ClientOf(node))
        {
            first = await client.SubmitJobAsync(Spec(Jobs.Quick("client-restart")), jobId);
            Assert.Equal(JobOutcome.Completed, await client.AwaitJobCompletionAsync(jobId, Bounded));
        }
        await node.KillHardAsync();
        await node.RestartOnSameDataDirAsync();

        using var after = ClientOf(node);
        Assert.Equal(first, await after.SubmitJobAsync(Spec(Jobs.Quick("client-restart")), jobId));
        Assert.Equal(JobOutcome.Completed, await after.AwaitJobCompletionAsync(jobId, Bounded));
        Assert.Equal(first.ExId, (await after.GetLatestExecutionAsync(jobId)).ExId);
    });

    /// <summary>Every stored event up to <paramref name="upTo"/>, page by page through the non-following route.</summary>
    private static async Task<List<ClusterEvent>> ReadAllAsync(NodeProcess node, long upTo)
    {
        var events = new List<ClusterEvent>();
        for (long from = 0; ;)
        {
            var lines = (await node.Api.GetAsync($"/v1/cluster/events?from={from}&limit=10000")).Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines)
            {
                var e = ClusterEvent.FromJson(JsonNode.Parse(line)!.AsObject());
                if (e.Sequence > upTo) return events;
                events.Add(e);
                from = e.Sequence + 1;
            }
            if (lines.Length < 10000) return events;
        }
    }
}
