using System.Text.Json;
using CsCheck;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Slicing;

public sealed class SlicerStateSpecs
{
    private static readonly DateTime At = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SliceRecord Slice(int order) => new($"s{order}", 0, order, $"{{\"n\":{order}}}", At);

    private static string Json(SlicerState state) => JsonSerializer.Serialize(state.ToSnapshot());

    private static SlicerState Initialized(params SliceRecord[] slices)
    {
        var state = new SlicerState();
        state.Apply(new SlicerInitialized("ex", 0, "{}", At));
        if (slices.Length > 0) state.Apply(new SlicesCreated(slices));
        return state;
    }

    private static IReadOnlyList<string> Dispatch(SlicerState state, int max)
    {
        var e = SlicerDecide.Dispatch(state, max, At);
        if (e is null) return [];
        state.Apply(e);
        return e.SliceIds;
    }

    private static void Do(SlicerState state, ISlicerEvent? e)
    {
        Assert.NotNull(e);
        state.Apply(e);
    }

    /// <summary>Steps of a slicer's life: cut, dispatch, complete, fail, hand back, worker dies, flush, exhaust, snapshot, finish.</summary>
    private static readonly Gen<SlicerStep[]> Lives =
        Gen.Select(Gen.Int[0, 9], Gen.Int[1, 5], Gen.Int[0, 2], (kind, n, worker) => new SlicerStep(kind, n, worker)).Array[1, 80];

    [Fact]
    public void Any_life_replayed_from_its_journal_should_give_the_state_it_had_live()
    {
        Lives.Sample(steps =>
        {
            var sim = new SlicerSimulation();
            foreach (var step in steps) sim.Run(step);
            sim.Flush();

            var replayed = new SlicerState();
            foreach (var e in sim.Journal) replayed.Apply(e);

            Assert.Equal(Json(sim.Live), Json(replayed));
        }, iter: 2000);
    }

    [Fact]
    public void Any_life_restored_from_its_last_snapshot_and_the_events_after_it_should_give_the_same_state()
    {
        Lives.Sample(steps =>
        {
            var sim = new SlicerSimulation();
            foreach (var step in steps) sim.Run(step);
            sim.Flush();
            if (sim.Snapshot is null) return;

            var restored = SlicerState.FromSnapshot(sim.Snapshot);
            foreach (var e in sim.Journal.Skip(sim.JournalAtSnapshot)) restored.Apply(e);

            Assert.Equal(Json(sim.Live), Json(restored));
        }, iter: 2000);
    }

    [Fact]
    public void Any_life_should_count_every_slice_exactly_once()
    {
        Lives.Sample(steps =>
        {
            var sim = new SlicerSimulation();
            foreach (var step in steps) sim.Run(step);
            var c = sim.Live.Counters;

            Assert.Equal(c.Created, c.Completed + c.Failed + c.Pending + c.InFlight);
            Assert.True(c.Dispatched >= c.InFlight, $"dispatched {c.Dispatched} < in flight {c.InFlight}");
            Assert.True(sim.Live.Phase != SlicerPhase.Finished || c.Pending + c.InFlight == 0, "finished with slices left");
        }, iter: 2000);
    }

    [Fact]
    public void Counters_should_count_each_slice_once()
    {
        var state = Initialized(Enumerable.Range(1, 6).Select(Slice).ToArray());
        Assert.Equal(["s1", "s2", "s3", "s4"], Dispatch(state, 4));
        Do(state, SlicerDecide.Complete(state, "s1", new SliceMetrics(10, 9), At));
        Do(state, SlicerDecide.Complete(state, "s2", new SliceMetrics(10, 9), At));
        Do(state, SlicerDecide.Fail(state, "s3", "boom", 3, At));
        Do(state, SlicerDecide.Requeue(state, ["s4"], countAsRetry: true, At));
        state.Apply(new SlicerExhausted(At));

        var c = state.Counters;
        Assert.Equal(6, c.Created);
        Assert.Equal(4, c.Dispatched);
        Assert.Equal(2, c.Completed);
        Assert.Equal(1, c.Failed);
        Assert.Equal(3, c.Pending); // s4 (requeued), s5, s6
        Assert.Equal(0, c.InFlight);
        Assert.Equal(20, c.Metrics.RecordsIn);
        Assert.Equal(SlicerPhase.Exhausted, state.Phase);
        Assert.Equal("{\"n\":6}", state.LastCreatedRequest);
        Assert.Equal(7, state.NextOrder);
        var failure = Assert.Single(state.Failures);
        Assert.Equal(("s3", 3L, "{\"n\":3}"), (failure.SliceId, failure.SlicerOrder, failure.Request));
    }

    [Fact]
    public void Requeued_slices_should_go_first_in_their_original_order_with_a_retry_counted()
    {
        var state = Initialized(Enumerable.Range(1, 5).Select(Slice).ToArray());
        Dispatch(state, 3);
        Do(state, SlicerDecide.Requeue(state, ["s3", "s1"], countAsRetry: true, At));
        Do(state, SlicerDecide.Requeue(state, ["s2"], countAsRetry: false, At));

        Assert.Equal(["s2", "s1", "s3", "s4", "s5"], state.FirstPending(10).Select(s => s.SliceId));
        Assert.Equal([0, 1, 1, 0, 0], state.FirstPending(10).Select(s => s.RetryCount));
    }

    [Fact]
    public void Only_slices_that_are_out_should_be_requeued()
    {
        var state = Initialized(Slice(1), Slice(2));
        Dispatch(state, 1);

        var requeued = SlicerDecide.Requeue(state, ["s1", "s2", "nope", "s1"], countAsRetry: true, At);

        Assert.Equal(["s1"], requeued!.SliceIds);
        Assert.Null(SlicerDecide.Requeue(state, ["s2"], countAsRetry: true, At));
    }

    [Fact]
    public void A_late_completion_of_a_requeued_slice_should_count_once_and_leave_the_queue()
    {
        var state = Initialized(Slice(1));
        Dispatch(state, 1);
        Do(state, SlicerDecide.Requeue(state, ["s1"], countAsRetry: true, At));
        Assert.True(state.IsOutstanding("s1"));

        Do(state, SlicerDecide.Complete(state, "s1", SliceMetrics.Zero, At));

        Assert.False(state.IsOutstanding("s1"));
        Assert.Equal(0, state.PendingCount);
        Assert.Equal(1, state.Completed);
        Assert.Null(SlicerDecide.Complete(state, "s1", SliceMetrics.Zero, At));
    }

    [Fact]
    public void The_slicer_can_finish_only_when_exhausted_and_nothing_is_waiting_or_out()
    {
        var state = Initialized(Slice(1));
        state.Apply(new SlicerExhausted(At));
        Assert.Null(SlicerDecide.Finish(state, At));
        Dispatch(state, 1);
        Assert.Null(SlicerDecide.Finish(state, At));
        Do(state, SlicerDecide.Complete(state, "s1", SliceMetrics.Zero, At));

        Do(state, SlicerDecide.Finish(state, At));
        Assert.Equal(SlicerPhase.Finished, state.Phase);
        Assert.Null(SlicerDecide.Dispatch(state, 1, At));
    }

    [Fact]
    public void Nothing_should_be_dispatched_before_initialization_or_without_credit()
    {
        Assert.Null(SlicerDecide.Dispatch(new SlicerState(), 5, At));
        Assert.Null(SlicerDecide.Dispatch(Initialized(Slice(1)), 0, At));
        Assert.Null(SlicerDecide.Dispatch(Initialized(), 5, At));
    }

    [Fact]
    public void Coalesced_writes_should_keep_the_first_dispatch_time_the_last_completion_time_and_the_summed_metrics()
    {
        var writes = new PendingWrites();
        writes.Add(new SlicesDispatched(["a"], At));
        writes.Add(new SlicesDispatched(["b"], At.AddSeconds(1)));
        writes.Add(new SlicesCompleted(["a"], new SliceMetrics(1, 1), At.AddSeconds(2)));
        writes.Add(new SlicesCompleted(["b"], new SliceMetrics(2, 1), At.AddSeconds(3)));
        writes.Add(new SlicesFailed([new SliceFailure("c", "x", 0, At)]));

        var events = writes.Drain();

        var dispatched = Assert.IsType<SlicesDispatched>(events[0]);
        Assert.Equal(["a", "b"], dispatched.SliceIds);
        Assert.Equal(At, dispatched.At);
        var completed = Assert.IsType<SlicesCompleted>(events[1]);
        Assert.Equal((3L, 2L, At.AddSeconds(3)), (completed.Metrics.RecordsIn, completed.Metrics.RecordsOut, completed.At));
        Assert.IsType<SlicesFailed>(events[2]);
        Assert.True(writes.IsEmpty);
        Assert.Empty(writes.Drain());
    }
}
