using CsCheck;
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

/// <summary>The execution status machine (teraslice-notes §3.2) over any sequence of attempted changes.</summary>
public sealed class ExecutionStatusMachineSpecs
{
    private static readonly Gen<ExecutionStatus[]> Attempts = Gen.Enum<ExecutionStatus>().Array[0, 40];

    private static int Stage(ExecutionStatus s) => s.IsInit() ? 0 : s.IsRunning() ? 1 : 2;

    /// <summary>The statuses an execution goes through when each attempt is checked by the guard.</summary>
    private static List<ExecutionStatus> Path(IEnumerable<ExecutionStatus> attempts)
    {
        var path = new List<ExecutionStatus> { ExecutionStatus.Pending };
        foreach (var next in attempts)
            if (ExecutionStatuses.CheckTransition(path[^1], next) is null && next != path[^1]) path.Add(next);
        return path;
    }

    [Fact]
    public void An_execution_should_never_go_back_a_stage()
    {
        Attempts.Sample(attempts =>
        {
            var path = Path(attempts);
            for (var i = 1; i < path.Count; i++)
                Assert.True(Stage(path[i - 1]) <= Stage(path[i]), $"{path[i - 1]} → {path[i]} in {string.Join(" → ", path)}");
        }, iter: 5000);
    }

    [Fact]
    public void A_terminal_status_should_change_at_most_once_and_only_from_stopped_to_completed()
    {
        Attempts.Sample(attempts =>
        {
            var path = Path(attempts);
            var terminal = path.FindIndex(s => s.IsTerminal());
            if (terminal < 0) return;
            var after = path.Skip(terminal).ToList();
            Assert.True(after.Count == 1 || after is [ExecutionStatus.Stopped, ExecutionStatus.Completed], string.Join(" → ", path));
        }, iter: 5000);
    }

    [Fact]
    public void A_living_execution_should_be_free_to_move_to_any_status_of_its_stage_or_a_later_one()
    {
        Attempts.Sample(attempts =>
        {
            var path = Path(attempts);
            if (path[^1].IsTerminal()) return;
            foreach (var next in Enum.GetValues<ExecutionStatus>().Where(s => Stage(s) >= Stage(path[^1])))
                Assert.Null(ExecutionStatuses.CheckTransition(path[^1], next));
        }, iter: 2000);
    }
}
