using Akka.Actor;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Executions;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Executions;

/// <summary>The controller's rules as pure functions: progress (notes §3.4, §3.5), _workers, the worker pool.</summary>
public sealed class ExecutionRulesSpecs
{
    private static SlicerProgress Progress(ExecutionStatus status, bool allReported = true, bool allFinished = false, bool replaying = false,
        SlicerStatus? errored = null, long failed = 0, long seen = 0) => new(status, allReported, allFinished, replaying, errored, failed, seen);

    [Fact]
    public void An_initializing_execution_should_start_running_once_every_slicer_reported()
    {
        Assert.Empty(ExecutionProgress.Next(Progress(ExecutionStatus.Initializing, allReported: false), "ex").Moves);
        Assert.Equal([ExecutionStatus.Running], ExecutionProgress.Next(Progress(ExecutionStatus.Initializing), "ex").Moves);
        Assert.Equal([ExecutionStatus.Recovering], ExecutionProgress.Next(Progress(ExecutionStatus.Initializing, replaying: true), "ex").Moves);
    }

    [Fact]
    public void A_recovery_should_run_once_its_replay_is_done()
    {
        Assert.Empty(ExecutionProgress.Next(Progress(ExecutionStatus.Recovering, replaying: true), "ex").Moves);
        Assert.Equal([ExecutionStatus.Running], ExecutionProgress.Next(Progress(ExecutionStatus.Recovering), "ex").Moves);
        Assert.Empty(ExecutionProgress.Next(Progress(ExecutionStatus.Recovering, allFinished: true), "ex").Moves);
    }

    [Fact]
    public void Every_slicer_finished_should_complete_or_fail_with_teraslices_reason()
    {
        Assert.Equal((ExecutionStatus.Completed, (string?)null), ExecutionProgress.Next(Progress(ExecutionStatus.Running, allFinished: true), "ex").End);
        Assert.Equal((ExecutionStatus.Failed, "execution: ex had 1 slice failure during processing"),
            ExecutionProgress.Next(Progress(ExecutionStatus.Failing, allFinished: true, failed: 1, seen: 1), "ex").End);
        Assert.Equal((ExecutionStatus.Failed, "execution: ex had 2 slice failures during processing"),
            ExecutionProgress.Next(Progress(ExecutionStatus.Failing, allFinished: true, failed: 2, seen: 2), "ex").End);
    }

    [Fact]
    public void An_errored_slicer_should_fail_the_execution_at_once_with_its_error()
    {
        var errored = new SlicerStatus("ex", 1, SlicerPhase.Errored, SlicerCounters.Empty, "slicer for ex ex had an error, shutting down execution, caused by X: y");

        var step = ExecutionProgress.Next(Progress(ExecutionStatus.Running, allReported: false, errored: errored), "ex");

        Assert.Equal((ExecutionStatus.Failed, errored.Error), step.End);
        Assert.Empty(step.Moves);
    }

    [Fact]
    public void Only_new_failures_should_count()
    {
        Assert.True(ExecutionProgress.Next(Progress(ExecutionStatus.Running, failed: 2, seen: 1), "ex").NewFailures);
        Assert.False(ExecutionProgress.Next(Progress(ExecutionStatus.Failing, failed: 2, seen: 2), "ex").NewFailures);
    }

    [Theory]
    [InlineData(ExecutionStatus.Running, false, "execution ex has encountered a processing error, reason: slice failure event")]
    [InlineData(ExecutionStatus.Recovering, true, "execution ex has encountered a processing error, reason: slice failure watch dog")]
    [InlineData(ExecutionStatus.Failing, false, null)]
    [InlineData(ExecutionStatus.Paused, false, null)]
    public void Failing_should_come_from_running_or_recovering_with_the_reason_of_the_lifecycle(ExecutionStatus status, bool persistent, string? reason) =>
        Assert.Equal(reason, ExecutionProgress.FailingReason(status, persistent, "ex"));

    [Fact]
    public void Probation_should_end_after_a_window_with_progress_and_no_new_failure()
    {
        Assert.Equal(ExecutionStatus.Running, ExecutionProgress.AfterProbation(ExecutionStatus.Failing, (1, 10), (1, 11), replaying: false));
        Assert.Equal(ExecutionStatus.Recovering, ExecutionProgress.AfterProbation(ExecutionStatus.Failing, (1, 10), (1, 11), replaying: true));
        Assert.Null(ExecutionProgress.AfterProbation(ExecutionStatus.Failing, (1, 10), (1, 10), replaying: false)); // no progress
        Assert.Null(ExecutionProgress.AfterProbation(ExecutionStatus.Failing, (1, 10), (2, 12), replaying: false)); // a new failure
        Assert.Null(ExecutionProgress.AfterProbation(ExecutionStatus.Running, (1, 10), (1, 11), replaying: false));
    }

    [Theory]
    [InlineData(3, WorkerChange.Add, 2, 5, "2 workers have been enqueued for execution: ex")]
    [InlineData(3, WorkerChange.Remove, 2, 1, "2 workers have been remove for execution: ex")]
    [InlineData(3, WorkerChange.Total, 5, 5, "2 workers have been enqueued for execution: ex")]
    [InlineData(3, WorkerChange.Total, 1, 1, "2 workers have been remove for execution: ex")]
    [InlineData(3, WorkerChange.Total, 3, 3, "0 workers have been set for execution: ex")]
    [InlineData(3, WorkerChange.Add, 0, 3, "0 workers have been enqueued for execution: ex")]
    public void Workers_should_change_as_teraslice_words_it(int current, WorkerChange change, int count, int desired, string message)
    {
        var (decided, problem) = WorkerCount.Decide(current, change, count);

        Assert.Null(problem);
        Assert.Equal(desired, decided!.Desired);
        Assert.Equal(message, decided.Message("ex"));
    }

    [Theory]
    [InlineData(WorkerChange.Remove, 3)]
    [InlineData(WorkerChange.Remove, 4)]
    [InlineData(WorkerChange.Total, 0)]
    public void Removing_every_worker_should_be_refused(WorkerChange change, int count)
    {
        var (decided, problem) = WorkerCount.Decide(3, change, count);

        Assert.Null(decided);
        Assert.Equal(RejectionKind.BadRequest, problem!.Kind);
        Assert.StartsWith("workers to be removed: ", problem.Message);
        Assert.EndsWith("cannot be >= to current workers: 3", problem.Message);
    }

    [Fact]
    public void The_pool_should_ask_for_what_is_missing_and_again_for_what_never_joined()
    {
        var pool = new ControllerWorkers(desired: 3, requestTimeout: TimeSpan.FromSeconds(15));
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(3, pool.Missing(t0, out _));
        pool.Requested(3, t0);
        Assert.Equal(0, pool.Missing(t0.AddSeconds(1), out _));
        pool.Allocated(new WorkersAllocated("ex", "n1", 3, ["w1", "w2"], []));
        Assert.Equal(1, pool.Missing(t0.AddSeconds(2), out _)); // the agent started 2 of 3
        Assert.True(pool.Join(ActorRefs.Nobody, "w1", accepting: true));
        Assert.Equal(1, pool.Missing(t0.AddSeconds(3), out var expired));
        Assert.Equal(0, expired);

        Assert.Equal(2, pool.Missing(t0.AddSeconds(20), out expired)); // w2 never joined
        Assert.Equal(1, expired);
    }

    [Fact]
    public void The_pool_should_refuse_workers_past_the_count_or_when_not_accepting()
    {
        var pool = new ControllerWorkers(desired: 1, requestTimeout: TimeSpan.FromSeconds(15));
        var system = ActorSystem.Create("pool-spec");
        try
        {
            var a = system.DeadLetters;
            Assert.False(pool.Join(a, "w0", accepting: false));
            Assert.True(pool.Join(a, "w1", accepting: true));
            Assert.False(pool.Join(ActorRefs.Nobody, "w2", accepting: true));
            Assert.Equal("w1", pool.Leave(a));
            Assert.Null(pool.Leave(a));
        }
        finally
        {
            system.Dispose();
        }
    }
}
