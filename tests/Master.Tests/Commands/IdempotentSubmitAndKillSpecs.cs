using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>Submission under a job id of the caller's (idempotent), kills, and the events they log.</summary>
public sealed class IdempotentSubmitAndKillSpecs : CommandsFixture
{
    private static SubmitJob Submit(string spec, string? jobId, bool start = true) => new(JobSpec.Parse(spec), start, jobId);

    [Fact]
    public async Task The_same_job_under_the_same_id_should_answer_the_first_ids_and_run_once()
    {
        var first = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.SubmitAsync(Submit(Job, "orders-daily")));
        Assert.Equal("orders-daily", first.Execution.JobId);

        // keys in another order and other whitespace: the same job
        var again = JsonOf(await Handlers.Jobs.SubmitAsync(Submit(
            """{ "workers": 1, "operations": [{"_op":"test-reader"},{"_op":"noop"}], "lifecycle":"once", "name":"j" }""", "orders-daily")));

        Assert.Equal(("orders-daily", first.Execution.ExId), ((string?)again["job_id"], (string?)again["ex_id"]));
        var executions = await Store.ListExecutionsAsync(ListQuery.Default, null, "orders-daily");
        Assert.Single(executions);
    }

    [Fact]
    public async Task The_same_job_again_after_it_ended_should_still_not_run_it_again()
    {
        var first = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.SubmitAsync(Submit(Job, "nightly")));
        await Store.PatchExecutionAsync(first.Execution.ExId, Documents.StatusPatch(ExecutionStatus.Completed));

        var again = await Handlers.Jobs.SubmitAsync(Submit(Job, "nightly"));

        Assert.IsType<Decision.Answer>(again);
        Assert.Equal(first.Execution.ExId, (string?)JsonOf(again)["ex_id"]);
        Assert.Single(await Store.ListExecutionsAsync(ListQuery.Default, null, "nightly"));
    }

    [Fact]
    public async Task A_job_stored_without_starting_should_start_when_submitted_again_with_start()
    {
        var stored = JsonOf(await Handlers.Jobs.SubmitAsync(Submit(Job, "later", start: false)));
        Assert.Null(stored["ex_id"]);

        var started = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.SubmitAsync(Submit(Job, "later")));

        Assert.Equal("later", started.Execution.JobId);
        var once = JsonOf(await Handlers.Jobs.SubmitAsync(Submit(Job, "later")));
        Assert.Equal(started.Execution.ExId, (string?)once["ex_id"]);
    }

    [Fact]
    public async Task Another_job_under_a_taken_id_should_be_refused_naming_the_first_difference()
    {
        await Handlers.Jobs.SubmitAsync(Submit(Job, "taken"));

        ShouldReject(await Handlers.Jobs.SubmitAsync(Submit(Job.Replace("\"workers\":1", "\"workers\":2"), "taken")), RejectionKind.Conflict,
            "Job taken was submitted before with another job (workers: 1 stored, 2 submitted); submit it under another job id, or update it with PUT /jobs/taken");
        ShouldReject(await Handlers.Jobs.SubmitAsync(Submit(Job.Replace("{\"_op\":\"noop\"}", "{\"_op\":\"noop\",\"x\":1}"), "taken")), RejectionKind.Conflict,
            "Job taken was submitted before with another job (operations[1].x: absent stored, 1 submitted); submit it under another job id, or update it with PUT /jobs/taken");
        Assert.Single(await Store.ListExecutionsAsync(ListQuery.Default, null, "taken"));
    }

    [Fact]
    public async Task Kill_should_mark_the_job_and_hand_a_living_execution_to_its_controller()
    {
        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.SubmitAsync(Submit(Job, "doomed")));

        var decision = await Handlers.Jobs.KillAsync(new KillJob("doomed"));

        Assert.Equal(created.Execution.ExId, Assert.IsType<Decision.ToController>(decision).Execution.ExId);
        var job = JobRecord.From((await Store.GetJobAsync("doomed"))!);
        Assert.True(job.Killed);
        Assert.False(job.Active);
    }

    [Fact]
    public async Task A_killed_job_should_never_start_recover_or_be_submitted_again()
    {
        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.SubmitAsync(Submit(Job, "gone-for-good")));
        await Handlers.Jobs.KillAsync(new KillJob("gone-for-good"));
        await Store.PatchExecutionAsync(created.Execution.ExId, Documents.StatusPatch(ExecutionStatus.Stopped));

        ShouldReject(await Handlers.Jobs.StartAsync(new StartJob("gone-for-good")), RejectionKind.Conflict,
            "Job gone-for-good was killed and cannot be started.");
        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution("gone-for-good", null, null)), RejectionKind.Conflict,
            "Job gone-for-good was killed and cannot be recovered.");
        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, created.Execution.ExId, null)), RejectionKind.Conflict,
            "Job gone-for-good was killed and cannot be recovered.");
        ShouldReject(await Handlers.Jobs.SubmitAsync(Submit(Job, "gone-for-good")), RejectionKind.Conflict,
            "Job gone-for-good was killed and cannot be submitted again.");
        // the kill outlives an update, and a second kill only answers the status
        await Handlers.Jobs.UpdateAsync(new UpdateJob("gone-for-good", JobSpec.Parse(Job)));
        Assert.True(JobRecord.From((await Store.GetJobAsync("gone-for-good"))!).Killed);
        Assert.Equal("stopped", (string?)JsonOf(await Handlers.Jobs.KillAsync(new KillJob("gone-for-good")))["status"]);
        ShouldReject(await Handlers.Jobs.KillAsync(new KillJob("nope")), RejectionKind.NotFound, "Job nope was not found");
    }

    [Fact]
    public async Task Submitting_and_killing_should_be_logged_as_cluster_events_in_order()
    {
        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.SubmitAsync(Submit(Job, "logged")));
        await Handlers.Jobs.KillAsync(new KillJob("logged"));
        await Events.Appended;

        var events = await Store.ReadEventsAsync(0, 100);

        Assert.Equal(["job_submitted", "execution_status", "job_killed"], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal("logged", e.JobId));
        Assert.Equal(created.Execution.ExId, events[1].ExId);
        Assert.Equal("pending", (string?)events[1].Data["status"]);
        Assert.Equal(("j", true), ((string?)events[0].Data["name"], (bool)events[0].Data["start"]!));
    }
}
