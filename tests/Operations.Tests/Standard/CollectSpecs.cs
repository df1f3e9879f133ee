using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Standard;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class CollectSpecs
{
    private static List<DataEntity> Records(int from, int count) =>
        Enumerable.Range(from, count).Select(i => R($$"""{"i":{{i}}}""")).ToList();

    private static (CollectProcessor Processor, ManualClock Clock) Direct(string config)
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        return (new CollectProcessor { Config = Bind<CollectConfig>(config), Context = Context(), Clock = clock }, clock);
    }

    [Theory]
    [InlineData("""{"_op":"collect","wait":100}""", "collect - size: is required")]
    [InlineData("""{"_op":"collect","size":10}""", "collect - wait: is required")]
    [InlineData("""{"_op":"collect","size":0,"wait":100}""", "collect - size: must be a positive integer, got 0")]
    [InlineData("""{"_op":"collect","size":10,"wait":"soon"}""", "collect - wait: must be a duration")]
    public void Collect_should_require_size_and_wait(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Fact]
    public void Collect_should_accept_wait_as_a_duration_text()
    {
        Assert.Equal(2000, (long)ValidatedOp("""{"_op":"collect","size":10,"wait":"2 seconds"}""")["wait"]!);
    }

    [Fact]
    public async Task Collect_should_hold_records_across_slices_until_size_is_reached()
    {
        await using var run = await StartAsync("""{"_op":"collect","size":5,"wait":"1 hour"}""");
        var (first, out1) = await run.SliceAsync(Records(0, 3));
        Assert.True(first.Succeeded, first.Error);
        Assert.Empty(out1);
        var (_, out2) = await run.SliceAsync(Records(3, 3));
        Assert.Equal([0L, 1L, 2L, 3L, 4L], Values(out2, "i"));
        var (_, out3) = await run.SliceAsync([]);
        Assert.Empty(out3);
        var (_, out4) = await run.SliceAsync(Records(6, 4));
        Assert.Equal([5L, 6L, 7L, 8L, 9L], Values(out4, "i"));
    }

    [Fact]
    public async Task Collect_should_pass_on_what_it_holds_once_wait_has_passed()
    {
        var (collect, clock) = Direct("""{"_op":"collect","size":100,"wait":1000}""");
        Assert.Empty(await collect.OnBatchAsync(Records(0, 3), Slice(), default));
        clock.Now = clock.Now.AddMilliseconds(999);
        Assert.Empty(await collect.OnBatchAsync(Records(3, 1), Slice(), default));
        clock.Now = clock.Now.AddMilliseconds(1);
        Assert.Equal([0L, 1L, 2L, 3L], Values(await collect.OnBatchAsync([], Slice(), default), "i"));
        Assert.Equal(0, collect.QueuedCount);
    }

    [Fact]
    public async Task Collect_should_let_leftovers_leave_after_another_wait()
    {
        var (collect, clock) = Direct("""{"_op":"collect","size":2,"wait":1000}""");
        Assert.Equal(2, (await collect.OnBatchAsync(Records(0, 3), Slice(), default)).Count);
        clock.Now = clock.Now.AddMilliseconds(1000);
        Assert.Equal([2L], Values(await collect.OnBatchAsync([], Slice(), default), "i"));
    }

    [Fact]
    public async Task Collect_should_undo_a_failed_slice_so_a_retry_adds_its_records_once()
    {
        var (collect, _) = Direct("""{"_op":"collect","size":5,"wait":100000}""");
        await collect.OnBatchAsync(Records(0, 4), Slice(1), default);
        await collect.OnSliceFinishedAsync(Slice(1), default);

        // slice 2 passes on five records (four held + one of its own), then fails downstream
        await collect.OnSliceInitializedAsync(Slice(2), default);
        Assert.Equal(5, (await collect.OnBatchAsync(Records(4, 3), Slice(2), default)).Count);
        await collect.OnSliceRetryAsync(Slice(2), new InvalidOperationException("downstream"), default);
        Assert.Equal(4, collect.QueuedCount);

        var retried = await collect.OnBatchAsync(Records(4, 3), Slice(2), default);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], Values(retried, "i"));
        Assert.Equal(2, collect.QueuedCount);
    }

    [Fact]
    public async Task Collect_retry_hooks_should_do_nothing_when_the_slice_failed_before_collect_ran()
    {
        var (collect, _) = Direct("""{"_op":"collect","size":5,"wait":100000}""");
        await collect.OnBatchAsync(Records(0, 2), Slice(1), default);
        await collect.OnSliceFinishedAsync(Slice(1), default);
        await collect.OnSliceInitializedAsync(Slice(2), default);
        await collect.OnSliceFailedAsync(Slice(2), new InvalidOperationException("fetcher"), default);
        Assert.Equal(2, collect.QueuedCount);
    }

    [Fact]
    public async Task Collect_should_throw_on_shutdown_while_holding_records()
    {
        var (collect, _) = Direct("""{"_op":"collect","size":5,"wait":100000}""");
        await collect.OnBatchAsync(Records(0, 2), Slice(), default);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await collect.DisposeAsync());
        Assert.Equal("Collect is shutdown with 2 unprocessed records", error.Message);

        var (empty, _) = Direct("""{"_op":"collect","size":5,"wait":100000}""");
        await empty.OnBatchAsync([], Slice(), default);
        await empty.DisposeAsync();
    }
}
