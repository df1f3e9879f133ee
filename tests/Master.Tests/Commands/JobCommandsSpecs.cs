using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>The job commands' rules (notes §1.3): submit, start, update, activate, delete.</summary>
public sealed class JobCommandsSpecs : CommandsFixture
{
    private const string Invalid = """{"name":"bad","operations":[{"_op":"data_generator","size":-5},{"_op":"noop"}]}""";

    [Fact]
    public async Task Submit_should_store_the_job_and_create_a_pending_execution()
    {
        var decision = await Handlers.Jobs.SubmitAsync(new SubmitJob(JobSpec.Parse(Job), Start: true));

        var created = Assert.IsType<Decision.ExecutionCreated>(decision);
        var reply = JsonOf(decision);
        var jobId = (string)reply["job_id"]!;
        Assert.Equal((string)reply["ex_id"]!, created.Execution.ExId);
        Assert.Equal("j", (await Store.GetJobAsync(jobId))!.Str("name"));
        var stored = await Store.GetExecutionAsync((string)reply["ex_id"]!);
        Assert.Equal(ExecutionStatus.Pending, stored!.Status());
        Assert.Equal(jobId, stored!.Str("job_id"));
    }

    [Fact]
    public async Task Submit_without_start_should_store_the_job_only()
    {
        var decision = await Handlers.Jobs.SubmitAsync(new SubmitJob(JobSpec.Parse(Job), Start: false));

        var reply = JsonOf(Assert.IsType<Decision.Answer>(decision));
        Assert.Equal(["job_id"], reply.Select(p => p.Key));
        Assert.Null(await Store.GetLatestExecutionAsync((string)reply["job_id"]!));
    }

    [Theory]
    [InlineData("""{"job_id":"x","operations":[]}""", RejectionKind.Unprocessable, "Job cannot include a job_id on submit")]
    [InlineData(Invalid, RejectionKind.BadRequest, "Validation failed for operation config: data_generator - size: must be a positive integer, got -5")]
    public async Task Submit_should_reject_what_cannot_be_a_job_and_store_nothing(string spec, RejectionKind kind, string message)
    {
        ShouldReject(await Handlers.Jobs.SubmitAsync(new SubmitJob(JobSpec.Parse(spec), Start: true)), kind, message);

        Assert.Empty(await Store.ListJobsAsync(ListQuery.Default, null));
    }

    [Fact]
    public async Task Start_should_create_an_execution_of_a_stored_job()
    {
        var jobId = await StoredJobAsync();

        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.StartAsync(new StartJob(jobId)));

        Assert.Equal(jobId, created.Execution.JobId);
        Assert.Equal(created.Execution.ExId, (await Store.GetLatestExecutionAsync(jobId))!.Str("ex_id"));
        Assert.Null(created.Execution.RecoveredExecution);
    }

    [Fact]
    public async Task Start_of_an_unknown_job_should_be_not_found()
    {
        ShouldReject(await Handlers.Jobs.StartAsync(new StartJob("nope")), RejectionKind.NotFound, "Job nope was not found");
    }

    [Fact]
    public async Task Start_of_a_deleted_job_should_be_gone()
    {
        var jobId = await StoredJobAsync();
        await Handlers.Jobs.DeleteAsync(new DeleteJob(jobId));

        ShouldReject(await Handlers.Jobs.StartAsync(new StartJob(jobId)), RejectionKind.Gone,
            $"Job {jobId} has been deleted and cannot be started.");
    }

    [Theory]
    [InlineData(ExecutionStatus.Pending)]
    [InlineData(ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Paused)]
    [InlineData(ExecutionStatus.Stopping)]
    public async Task Start_while_the_latest_execution_lives_should_conflict(ExecutionStatus status)
    {
        var jobId = await StoredJobAsync();
        await ExecutionAsync(jobId, status);

        ShouldReject(await Handlers.Jobs.StartAsync(new StartJob(jobId)), RejectionKind.Conflict,
            $"Job {jobId} is currently running, cannot have the same job concurrently running");
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Stopped)]
    [InlineData(ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.Terminated)]
    public async Task Start_after_the_latest_execution_ended_should_create_another(ExecutionStatus status)
    {
        var jobId = await StoredJobAsync();
        var ended = await ExecutionAsync(jobId, status);

        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.StartAsync(new StartJob(jobId)));

        Assert.NotEqual(ended.Str("ex_id"), created.Execution.ExId);
    }

    [Fact]
    public async Task Start_of_an_autorecover_job_should_recover_the_latest_executions_pending_slices()
    {
        var jobId = await StoredJobAsync(Job.Replace("\"workers\":1", "\"workers\":1,\"autorecover\":true"));
        var ended = await ExecutionAsync(jobId, ExecutionStatus.Stopped);

        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.StartAsync(new StartJob(jobId)));

        Assert.Equal(ended.Str("ex_id"), created.Execution.RecoveredExecution);
        Assert.Equal("pending", created.Execution.RecoveredSliceType);
    }

    [Fact]
    public async Task Update_should_replace_the_job_keeping_its_id_and_created()
    {
        var jobId = await StoredJobAsync();
        var before = (await Store.GetJobAsync(jobId))!;

        var reply = JsonOf(await Handlers.Jobs.UpdateAsync(new UpdateJob(jobId, JobSpec.Parse(Job.Replace("\"name\":\"j\"", "\"name\":\"renamed\"")))));

        var stored = (await Store.GetJobAsync(jobId))!;
        Assert.Equal("renamed", stored.Str("name"));
        Assert.Equal(jobId, reply.Str("job_id"));
        Assert.Equal(before.Str("_created"), stored.Str("_created"));
        Assert.Equal("job", stored.Str("_context"));
    }

    [Fact]
    public async Task Update_of_an_unknown_or_deleted_job_should_be_not_found_or_gone()
    {
        ShouldReject(await Handlers.Jobs.UpdateAsync(new UpdateJob("nope", JobSpec.Parse(Job))), RejectionKind.NotFound, "Job nope was not found");
        var jobId = await StoredJobAsync();
        await Handlers.Jobs.DeleteAsync(new DeleteJob(jobId));

        ShouldReject(await Handlers.Jobs.UpdateAsync(new UpdateJob(jobId, JobSpec.Parse(Job))), RejectionKind.Gone,
            $"Job {jobId} has been deleted and cannot be updated.");
    }

    [Fact]
    public async Task Update_should_validate_unless_it_makes_the_job_inactive()
    {
        var jobId = await StoredJobAsync();

        ShouldReject(await Handlers.Jobs.UpdateAsync(new UpdateJob(jobId, JobSpec.Parse(Invalid))), RejectionKind.BadRequest,
            "Validation failed for operation config: data_generator - size: must be a positive integer, got -5");
        var deactivated = JsonOf(await Handlers.Jobs.UpdateAsync(new UpdateJob(jobId, JobSpec.Parse(Invalid.Replace("{\"name\"", "{\"active\":false,\"name\"")))));

        Assert.False((bool)deactivated["active"]!);
        Assert.Equal("bad", (await Store.GetJobAsync(jobId))!.Str("name"));
    }

    [Fact]
    public async Task Set_active_should_patch_the_flag_of_a_live_job_only()
    {
        var jobId = await StoredJobAsync();

        var reply = JsonOf(await Handlers.Jobs.SetActiveAsync(new SetJobActive(jobId, false)));
        Assert.False((bool)reply["active"]!);
        await Handlers.Jobs.DeleteAsync(new DeleteJob(jobId));

        ShouldReject(await Handlers.Jobs.SetActiveAsync(new SetJobActive(jobId, true)), RejectionKind.Gone,
            $"Job {jobId} has been deleted and cannot be updated.");
    }

    [Fact]
    public async Task Delete_should_soft_delete_the_job_and_its_executions()
    {
        var jobId = await StoredJobAsync();
        var ex = await ExecutionAsync(jobId, ExecutionStatus.Completed);

        var reply = JsonOf(await Handlers.Jobs.DeleteAsync(new DeleteJob(jobId)));

        Assert.True((bool)reply["_deleted"]!);
        Assert.False((bool)reply["active"]!);
        Assert.True((await Store.GetExecutionAsync(ex.Str("ex_id")!))!.IsDeleted());
    }

    [Fact]
    public async Task Delete_should_refuse_unknown_deleted_and_running_jobs()
    {
        ShouldReject(await Handlers.Jobs.DeleteAsync(new DeleteJob("nope")), RejectionKind.NotFound, "Job nope was not found");
        var running = await StoredJobAsync();
        await ExecutionAsync(running, ExecutionStatus.Running);
        ShouldReject(await Handlers.Jobs.DeleteAsync(new DeleteJob(running)), RejectionKind.Conflict,
            $"Job {running} is currently running, cannot delete a running job.");
        var deleted = await StoredJobAsync();
        await Handlers.Jobs.DeleteAsync(new DeleteJob(deleted));

        ShouldReject(await Handlers.Jobs.DeleteAsync(new DeleteJob(deleted)), RejectionKind.Gone, $"Job {deleted} has already been deleted.");
        Assert.False((await Store.GetJobAsync(running))!.IsDeleted());
    }
}
