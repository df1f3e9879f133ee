using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Protocol.Tests;

public sealed class ExecutionStatusSpecs
{
    [Fact]
    public void Statuses_should_have_Teraslice_wire_names_and_groups()
    {
        Assert.Equal(["pending", "scheduling", "initializing"], Enum.GetValues<ExecutionStatus>().Where(s => s.IsInit()).Select(s => s.ToWire()));
        Assert.Equal(["recovering", "running", "failing", "paused", "stopping"], Enum.GetValues<ExecutionStatus>().Where(s => s.IsRunning()).Select(s => s.ToWire()));
        Assert.Equal(["completed", "stopped", "rejected", "failed", "terminated"], Enum.GetValues<ExecutionStatus>().Where(s => s.IsTerminal()).Select(s => s.ToWire()));
    }

    [Theory]
    [InlineData("running", ExecutionStatus.Running)]
    [InlineData(" Failing ", ExecutionStatus.Failing)]
    public void Parse_should_accept_wire_names(string text, ExecutionStatus expected) => Assert.Equal(expected, ExecutionStatuses.Parse(text));

    [Fact]
    public void Parse_should_reject_unknown_names() => Assert.False(ExecutionStatuses.TryParse("done", out _));

    [Theory]
    [InlineData(ExecutionStatus.Pending, ExecutionStatus.Scheduling, true)]
    [InlineData(ExecutionStatus.Initializing, ExecutionStatus.Running, true)]
    [InlineData(ExecutionStatus.Running, ExecutionStatus.Running, true)]
    [InlineData(ExecutionStatus.Running, ExecutionStatus.Completed, true)]
    [InlineData(ExecutionStatus.Stopped, ExecutionStatus.Completed, true)]
    [InlineData(ExecutionStatus.Running, ExecutionStatus.Pending, false)]
    [InlineData(ExecutionStatus.Paused, ExecutionStatus.Initializing, false)]
    [InlineData(ExecutionStatus.Completed, ExecutionStatus.Running, false)]
    [InlineData(ExecutionStatus.Failed, ExecutionStatus.Completed, false)]
    [InlineData(ExecutionStatus.Completed, ExecutionStatus.Stopped, false)]
    public void Transitions_should_follow_Teraslice_guard(ExecutionStatus from, ExecutionStatus to, bool allowed) =>
        Assert.Equal(allowed, ExecutionStatuses.CheckTransition(from, to) is null);

    [Fact]
    public void A_refused_transition_should_say_why()
    {
        Assert.Equal("Cannot update terminal job status of \"completed\" to \"running\"",
            ExecutionStatuses.CheckTransition(ExecutionStatus.Completed, ExecutionStatus.Running));
        Assert.Equal("Cannot update running job status of \"running\" to init status of \"pending\"",
            ExecutionStatuses.CheckTransition(ExecutionStatus.Running, ExecutionStatus.Pending));
    }
}
