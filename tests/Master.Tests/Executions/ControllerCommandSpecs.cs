using Akka.Actor;
using Akka.TestKit.Xunit2;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol.Api;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Executions;

/// <summary>What a command on a living execution becomes for its controller (or the answer when it has none now).</summary>
public sealed class ControllerCommandSpecs : TestKit
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_blocking_stop_should_go_to_the_controller_with_the_asker_and_its_timeout()
    {
        var command = ControllerCommand.For(new StopExecution("job", null, Blocking: true, Force: true, TimeoutMs: 1500), "ex", true, TestActor, DefaultTimeout);

        Assert.Equal(new StopCommand(true, TimeSpan.FromMilliseconds(1500), TestActor), command.Message);
        Assert.Null(command.AnswerNow);
        Assert.False(command.RecordsStop);
    }

    [Fact]
    public void A_stop_that_does_not_block_should_be_answered_stopping_at_once()
    {
        var command = ControllerCommand.For(new StopExecution(null, "ex", Blocking: false, Force: false, TimeoutMs: null), "ex", true, TestActor, DefaultTimeout);

        Assert.Equal(new StopCommand(false, DefaultTimeout, null), command.Message);
        Assert.Equal("""{"status":"stopping"}""", Assert.IsType<JsonReply>(command.AnswerNow).Json);
    }

    [Fact]
    public void A_stop_without_a_controller_should_be_recorded_in_the_store()
    {
        var command = ControllerCommand.For(new StopExecution(null, "ex", true, false, null), "ex", hasController: false, TestActor, DefaultTimeout);

        Assert.True(command.RecordsStop);
    }

    [Fact]
    public void Pause_resume_and_workers_should_go_to_the_controller_which_answers_the_asker()
    {
        Assert.Same(PauseCommand.Instance, ControllerCommand.For(new PauseExecution(null, "ex"), "ex", true, TestActor, DefaultTimeout).Message);
        Assert.Same(ResumeCommand.Instance, ControllerCommand.For(new ResumeExecution("job", null), "ex", true, TestActor, DefaultTimeout).Message);
        var workers = ControllerCommand.For(new ChangeWorkers(null, "ex", WorkerChange.Add, 2), "ex", true, TestActor, DefaultTimeout);
        Assert.Equal(new WorkersCommand(WorkerChange.Add, 2), workers.Message);
        Assert.Null(workers.AnswerNow);
    }

    [Fact]
    public void Pause_without_a_controller_should_be_refused_naming_the_execution()
    {
        var command = ControllerCommand.For(new PauseExecution(null, "ex-7"), "ex-7", hasController: false, TestActor, DefaultTimeout);

        Assert.Null(command.Message);
        var rejection = Assert.IsType<Rejection>(command.AnswerNow);
        Assert.Contains("ex-7", rejection.Message);
    }

    [Fact]
    public void A_command_that_is_not_for_a_controller_should_throw()
    {
        Assert.Throws<InvalidOperationException>(() => ControllerCommand.For(new StartJob("job"), "ex", true, ActorRefs.Nobody, DefaultTimeout));
    }
}
