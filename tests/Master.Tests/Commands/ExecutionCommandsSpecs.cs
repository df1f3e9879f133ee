using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>The execution commands' rules (notes §1.3, §3.3, §3.6): stop, pause/resume/workers, recover.</summary>
public sealed class ExecutionCommandsSpecs : CommandsFixture
{
    [Fact]
    public async Task Stop_of_an_ended_execution_should_answer_its_status()
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Completed);

        var byEx = JsonOf(await Handlers.Executions.StopAsync(new StopExecution(null, ex.Str("ex_id"), true, false, null)));
        var byJob = JsonOf(await Handlers.Executions.StopAsync(new StopExecution(jobId, null, true, false, null)));

        Assert.Equal("completed", byEx.Str("status"));
        Assert.Equal("completed", byJob.Str("status"));
    }

    [Fact]
    public async Task Stop_of_a_living_execution_should_go_to_its_controller()
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Running);

        var to = Assert.IsType<Decision.ToController>(await Handlers.Executions.StopAsync(new StopExecution(jobId, null, true, false, null)));

        Assert.Equal(ex.Str("ex_id"), to.Execution.ExId);
    }

    [Fact]
    public async Task Stop_of_what_does_not_exist_should_be_not_found()
    {
        var jobId = await StoredJobAsync();

        ShouldReject(await Handlers.Executions.StopAsync(new StopExecution(null, "nope", true, false, null)),
            RejectionKind.NotFound, "Execution nope was not found");
        ShouldReject(await Handlers.Executions.StopAsync(new StopExecution(jobId, null, true, false, null)),
            RejectionKind.NotFound, $"No execution was found for job {jobId}");
    }

    [Fact]
    public async Task A_stop_recorded_without_a_controller_should_store_stopped()
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Running);

        var reply = JsonOf(await Handlers.Executions.RecordStoppedAsync(ex.Str("ex_id")!));

        Assert.Equal("stopped", reply.Str("status"));
        Assert.Equal(ExecutionStatus.Stopped, (await Store.GetExecutionAsync(ex.Str("ex_id")!))!.Status());
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Failed)]
    public async Task Control_of_an_ended_execution_should_find_no_active_context(ExecutionStatus status)
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, status);

        ShouldReject(await Handlers.Executions.ControlAsync(jobId, null), RejectionKind.NotFound,
            $"no active execution context was found for ex_id: {ex.Str("ex_id")}");
    }

    [Fact]
    public async Task Control_of_a_living_execution_should_go_to_its_controller()
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Paused);

        Assert.IsType<Decision.ToController>(await Handlers.Executions.ControlAsync(null, ex.Str("ex_id")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("errors")]
    public async Task Recover_by_execution_should_replay_it_with_its_own_config(string? cleanup)
    {
        var jobId = await StoredJobAsync();
        var source = await ExecutionAsync(jobId, ExecutionStatus.Failed);

        var created = Assert.IsType<Decision.ExecutionCreated>(
            await Handlers.Executions.RecoverAsync(new RecoverExecution(null, source.Str("ex_id"), cleanup)));

        Assert.Equal(source.Str("ex_id"), created.Execution.RecoveredExecution);
        Assert.Equal(cleanup, created.Execution.RecoveredSliceType);
        Assert.Equal(ExecutionStatus.Pending, created.Execution.Status);
        Assert.Equal(created.Execution.ExId, JsonOf(created).Str("ex_id"));
    }

    [Fact]
    public async Task Recover_by_job_should_merge_the_jobs_config_over_the_latest_execution()
    {
        var jobId = await StoredJobAsync();
        await Handlers.Jobs.UpdateAsync(new UpdateJob(jobId, JobSpec.Parse(Job.Replace("\"workers\":1", "\"workers\":3"))));
        var source = await ExecutionAsync(jobId, ExecutionStatus.Stopped);
        await Store.PatchExecutionAsync(source.Str("ex_id")!, new JsonObject { ["only_on_the_ex"] = 7 });

        var created = Assert.IsType<Decision.ExecutionCreated>(
            await Handlers.Executions.RecoverAsync(new RecoverExecution(jobId, null, "all")));

        Assert.Equal(3, created.Execution.Workers);
        Assert.Equal(7, (int)created.Execution.ToDocument()["only_on_the_ex"]!);
    }

    [Fact]
    public async Task Recover_should_refuse_deleted_jobs_and_missing_executions()
    {
        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, "nope", null)),
            RejectionKind.NotFound, "Execution nope was not found");
        var jobId = await StoredJobAsync();
        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(jobId, null, null)),
            RejectionKind.NotFound, $"Job {jobId} is missing an execution to recover from");
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Failed);
        await Handlers.Jobs.DeleteAsync(new DeleteJob(jobId));

        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(jobId, null, null)),
            RejectionKind.Gone, $"Job {jobId} has been deleted and cannot be recovered.");
        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, ex.Str("ex_id"), null)),
            RejectionKind.Gone, $"Job {jobId} has been deleted and cannot be recovered.");
    }

    [Fact]
    public async Task Recover_of_a_living_execution_should_conflict()
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Running);

        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, ex.Str("ex_id"), null)),
            RejectionKind.Conflict, $"Execution {ex.Str("ex_id")} is running: only an execution that has ended can be recovered");
    }

    [Fact]
    public async Task Recover_while_another_execution_of_the_job_lives_should_conflict()
    {
        var jobId = await StoredJobAsync();
        var old = await ExecutionAsync(jobId, ExecutionStatus.Failed);
        await ExecutionAsync(jobId, ExecutionStatus.Running);

        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, old.Str("ex_id"), null)),
            RejectionKind.Conflict, $"Job {jobId} is currently running, cannot have the same job concurrently running");
    }

    [Fact]
    public async Task Recover_of_an_execution_recovered_already_should_conflict_and_name_the_recovery()
    {
        var jobId = await StoredJobAsync();
        var old = await ExecutionAsync(jobId, ExecutionStatus.Failed);
        var recovery = await ExecutionAsync(jobId, ExecutionStatus.Completed, recovers: old.Str("ex_id"));

        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, old.Str("ex_id"), null)),
            RejectionKind.Conflict, $"Execution {old.Str("ex_id")} was already recovered by execution {recovery.Str("ex_id")}; recover that one instead");
        Assert.IsType<Decision.ExecutionCreated>(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, recovery.Str("ex_id"), null)));
    }
}
