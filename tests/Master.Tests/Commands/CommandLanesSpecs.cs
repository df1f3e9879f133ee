using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Protocol.Api;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

public sealed class CommandLanesSpecs
{
    [Fact]
    public void A_free_lane_should_run_at_once_and_others_wait_their_turn_in_order()
    {
        var lanes = new CommandLanes<string>();

        Assert.True(lanes.Enter("job:a", "a1"));
        Assert.False(lanes.Enter("job:a", "a2"));
        Assert.False(lanes.Enter("job:a", "a3"));
        Assert.True(lanes.Enter("job:b", "b1"));
        Assert.Equal(2, lanes.Busy);
        Assert.Equal(2, lanes.Queued);

        Assert.True(lanes.TryLeave("job:a", out var next));
        Assert.Equal("a2", next);
        Assert.True(lanes.TryLeave("job:a", out next));
        Assert.Equal("a3", next);
        Assert.False(lanes.TryLeave("job:a", out _));
        Assert.False(lanes.TryLeave("job:b", out _));
        Assert.Equal(0, lanes.Busy);
        Assert.True(lanes.Enter("job:a", "a4"));
    }

    [Fact]
    public void Commands_of_one_job_should_share_its_lane_whichever_id_they_name()
    {
        string? Owner(string exId) => exId == "ex-1" ? "job-1" : null;

        Assert.Null(CommandHandlers.LaneOf(new SubmitJob(JobSpec.Parse("{}"), true), Owner));
        Assert.Equal("job:job-1", CommandHandlers.LaneOf(new StartJob("job-1"), Owner));
        Assert.Equal("job:job-1", CommandHandlers.LaneOf(new RecoverExecution(null, "ex-1", null), Owner));
        Assert.Equal("job:job-1", CommandHandlers.LaneOf(new StopExecution(null, "ex-1", true, false, null), Owner));
        Assert.Equal("job:job-1", CommandHandlers.LaneOf(new DeleteJob("job-1"), Owner));
        Assert.Equal(CommandHandlers.AssetLane, CommandHandlers.LaneOf(new DeleteAsset("a"), Owner));
        Assert.Null(CommandHandlers.LaneOf(new PauseExecution(null, "ex-unknown"), Owner));
    }

    [Fact]
    public void Only_commands_that_name_no_job_should_need_their_execution_looked_up()
    {
        Assert.Equal("ex-1", CommandHandlers.ExecutionOnly(new RecoverExecution(null, "ex-1", "all")));
        Assert.Equal("ex-1", CommandHandlers.ExecutionOnly(new ChangeWorkers(null, "ex-1", WorkerChange.Add, 1)));
        Assert.Null(CommandHandlers.ExecutionOnly(new RecoverExecution("job-1", null, "all")));
        Assert.Null(CommandHandlers.ExecutionOnly(new StartJob("job-1")));
    }

    [Fact]
    public void Every_command_should_have_a_handler_and_no_read_should()
    {
        Assert.True(CommandHandlers.Handles(new UploadAsset([])));
        Assert.True(CommandHandlers.Handles(new SetJobActive("j", true)));
        Assert.False(CommandHandlers.Handles(new GetJob("j", null)));
        Assert.False(CommandHandlers.Handles(GetClusterState.Instance));
    }
}
