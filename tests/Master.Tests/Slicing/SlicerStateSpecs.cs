using System.Text.Json;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Slicing;

public sealed class SlicerStateSpecs
{
    private static readonly DateTime At = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SliceRecord Slice(int order) => new($"s{order}", 0, order, $"{{\"n\":{order}}}", At);

    private static string Json(SlicerState state) => JsonSerializer.Serialize(state.ToSnapshot());

    /// <summary>Runs the live path and returns the events the actor would persist for it.</summary>
    private static (SlicerState Live, List<ISlicerEvent> Events) LiveRun()
    {
        var live = new SlicerState();
        var events = new List<ISlicerEvent>();
        void Do(ISlicerEvent e)
        {
            live.Apply(e);
            events.Add(e);
        }

        Do(new SlicerInitialized("ex", 0, "{}", At));
        Do(new SlicesCreated(Enumerable.Range(1, 6).Select(Slice).ToList()));
        var out1 = live.TakePending(4, At);
        events.Add(new SlicesDispatched(out1.Select(s => s.SliceId).ToList(), At));
        live.MarkCompleted(["s1", "s2"], new SliceMetrics(20, 18), At);
        events.Add(new SlicesCompleted(["s1", "s2"], new SliceMetrics(20, 18), At));
        var failure = new SliceFailure("s3", "boom", 3, At);
        live.MarkFailed([failure]);
        events.Add(new SlicesFailed([failure]));
        live.Requeue(["s4"], countAsRetry: true);
        events.Add(new SlicesRequeued(["s4"], true, At));
        Do(new SlicerExhausted(At));
        return (live, events);
    }

    [Fact]
    public void Replaying_the_events_should_rebuild_the_live_state()
    {
        var (live, events) = LiveRun();
        var replayed = new SlicerState();
        foreach (var e in events) replayed.Apply(e);
        Assert.Equal(Json(live), Json(replayed));
    }

    [Fact]
    public void Counters_should_count_each_slice_once()
    {
        var (live, _) = LiveRun();
        var c = live.Counters;
        Assert.Equal(6, c.Created);
        Assert.Equal(4, c.Dispatched);
        Assert.Equal(2, c.Completed);
        Assert.Equal(1, c.Failed);
        Assert.Equal(3, c.Pending); // s4 (requeued), s5, s6
        Assert.Equal(0, c.InFlight);
        Assert.Equal(20, c.Metrics.RecordsIn);
        Assert.Equal(SlicerPhase.Exhausted, live.Phase);
        Assert.Equal("{\"n\":6}", live.LastCreatedRequest);
        Assert.Equal(7, live.NextOrder);
    }

    [Fact]
    public void Requeued_slices_should_go_first_in_their_original_order_with_a_retry_counted()
    {
        var state = new SlicerState();
        state.Apply(new SlicerInitialized("ex", 0, "{}", At));
        state.AddCreated(Enumerable.Range(1, 5).Select(Slice).ToList());
        state.TakePending(3, At);
        state.Requeue(["s3", "s1"], countAsRetry: true);
        state.Requeue(["s2"], countAsRetry: false);
        var next = state.TakePending(10, At);
        Assert.Equal(["s2", "s1", "s3", "s4", "s5"], next.Select(s => s.SliceId));
        Assert.Equal([0, 1, 1, 0, 0], next.Select(s => s.RetryCount));
    }

    [Fact]
    public void A_late_completion_of_a_requeued_slice_should_count_and_remove_it_from_the_queue()
    {
        var state = new SlicerState();
        state.Apply(new SlicerInitialized("ex", 0, "{}", At));
        state.AddCreated([Slice(1)]);
        state.TakePending(1, At);
        state.Requeue(["s1"], countAsRetry: true);
        Assert.True(state.IsOutstanding("s1"));
        state.MarkCompleted(["s1"], SliceMetrics.Zero, At);
        Assert.False(state.IsOutstanding("s1"));
        Assert.Equal(0, state.PendingCount);
        Assert.Equal(1, state.Completed);
        state.MarkCompleted(["s1"], SliceMetrics.Zero, At);
        Assert.Equal(1, state.Completed);
    }

    [Fact]
    public void The_slicer_can_finish_only_when_exhausted_and_nothing_is_waiting_or_out()
    {
        var state = new SlicerState();
        state.Apply(new SlicerInitialized("ex", 0, "{}", At));
        state.AddCreated([Slice(1)]);
        state.MarkExhausted(At);
        Assert.False(state.CanFinish);
        state.TakePending(1, At);
        Assert.False(state.CanFinish);
        state.MarkCompleted(["s1"], SliceMetrics.Zero, At);
        Assert.True(state.CanFinish);
    }

    [Fact]
    public void A_snapshot_should_restore_the_same_state()
    {
        var (live, _) = LiveRun();
        var restored = SlicerState.FromSnapshot(live.ToSnapshot());
        Assert.Equal(Json(live), Json(restored));
        Assert.Equal(live.TakePending(10, At).Select(s => s.SliceId), restored.TakePending(10, At).Select(s => s.SliceId));
    }
}
