using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Slicing;

/// <summary>teraslice-notes §9 recovery-spec, at the level of one slicer: 8 slices, 2 of each state.</summary>
public sealed class RecoveryPlanSpecs
{
    private static readonly DateTime At = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SlicerSnapshot Old()
    {
        var state = new SlicerState();
        state.Apply(new SlicerInitialized("old", 0, "{}", At));
        state.Apply(new SlicesCreated(Enumerable.Range(1, 8).Select(i => new SliceRecord($"s{i}", 0, i, $"{{\"n\":{i}}}", At)).ToList()));
        state.Apply(new SlicesDispatched(["s1", "s2", "s3", "s4", "s5", "s6"], At));   // s1..s6 out
        state.Apply(new SlicesCompleted(["s1", "s2"], SliceMetrics.Zero, At));       // completed
        state.Apply(new SlicesFailed([new SliceFailure("s5", "boom", 3, At, 5, "{\"n\":5}", At), new SliceFailure("s6", "boom", 3, At, 6, "{\"n\":6}", At)]));
        return state.ToSnapshot();                                         // s3, s4 started; s7, s8 pending
    }

    [Theory]
    [InlineData("errors", new[] { "s5", "s6" })]
    [InlineData("pending", new[] { "s7", "s8" })]
    [InlineData("all", new[] { "s3", "s4", "s5", "s6", "s7", "s8" })]
    [InlineData(null, new[] { "s3", "s4", "s5", "s6", "s7", "s8" })]
    public void Each_cleanup_type_should_choose_its_slices_in_order(string? cleanup, string[] expected) =>
        Assert.Equal(expected, RecoveryPlan.Select(Old(), cleanup).Select(s => s.SliceId));

    [Fact]
    public void Replayed_slices_should_keep_their_ids_orders_and_requests_and_start_their_retries_again()
    {
        var errors = RecoveryPlan.Select(Old(), "errors");
        Assert.Equal([5L, 6L], errors.Select(s => s.SlicerOrder));
        Assert.Equal("{\"n\":5}", errors[0].Request);
        Assert.All(errors, s => Assert.Equal(0, s.RetryCount));
    }

    [Fact]
    public void Starting_a_recovery_should_queue_the_replay_and_count_it_until_each_slice_is_done()
    {
        var replay = RecoveryPlan.Select(Old(), "errors");
        var state = new SlicerState();
        state.Apply(new SlicerInitialized("new", 0, "{}", At));
        state.Apply(new SlicerRecoveryStarted("old", "errors", replay, "{\"n\":8}", 9, ExitAfterReplay: true, At));
        Assert.Equal(SlicerPhase.Exhausted, state.Phase);
        Assert.Equal(2, state.ReplayingCount);
        Assert.Equal("{\"n\":8}", state.LastCreatedRequest);
        Assert.Equal(9, state.NextOrder);
        state.Apply(new SlicesDispatched(["s5", "s6"], At));
        state.Apply(new SlicesCompleted(["s5", "s6"], SliceMetrics.Zero, At));
        Assert.Equal(0, state.ReplayingCount);
        Assert.True(state.CanFinish);
    }
}
