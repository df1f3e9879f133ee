using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Storage;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>
/// The cluster event log of the store, the same on every database: ordered, durable, and never a
/// smaller sequence appearing after a larger one was read (appends are serialised).
/// </summary>
public abstract class EventLogSpecs(StateStoreFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    protected StateStoreFixture Fixture { get; } = fixture;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [StoreFact]
    public async Task Appended_events_should_read_back_in_order_with_growing_sequences()
    {
        var first = await Fixture.Store.AppendEventAsync("job_submitted", "job-1", null, new JsonObject { ["name"] = "Größe ✓" }, At);
        var second = await Fixture.Store.AppendEventAsync("execution_status", "job-1", "ex-1", new JsonObject { ["status"] = "running" }, At.AddSeconds(1));

        Assert.True(second.Sequence > first.Sequence);
        var read = await Fixture.Store.ReadEventsAsync(first.Sequence, 10);
        Assert.Equal([first.Sequence, second.Sequence], read.Select(e => e.Sequence));
        Assert.Equal(("job_submitted", "job-1", (string?)null, At), (read[0].Kind, read[0].JobId, read[0].ExId, read[0].Timestamp));
        Assert.Equal("Größe ✓", (string?)read[0].Data["name"]);
        Assert.Equal(("ex-1", "running"), (read[1].ExId, (string?)read[1].Data["status"]));
        Assert.Equal([second.Sequence], (await Fixture.Store.ReadEventsAsync(second.Sequence, 10)).Select(e => e.Sequence));
        Assert.Empty(await Fixture.Store.ReadEventsAsync(second.Sequence + 1, 10));
        Assert.Single(await Fixture.Store.ReadEventsAsync(0, 1));
        Assert.Empty(await Fixture.Store.ReadEventsAsync(0, 0));
    }

    [StoreFact]
    public async Task An_event_without_a_kind_should_be_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Fixture.Store.AppendEventAsync("", null, null, [], At));
    }

    [StoreFact]
    public async Task A_batch_should_be_appended_in_its_order_or_not_at_all()
    {
        var batch = Enumerable.Range(0, 5).Select(i => new NewClusterEvent("slice_failed", "job", "ex", new JsonObject { ["i"] = i }, At)).ToList();

        var appended = await Fixture.Store.AppendEventsAsync(batch);

        Assert.Equal(Enumerable.Range(0, 5), appended.Select(e => (int)e.Data["i"]!));
        Assert.Equal(appended.Select(e => e.Sequence), (await Fixture.Store.ReadEventsAsync(0, 100)).Select(e => e.Sequence));
        Assert.True(appended.Zip(appended.Skip(1)).All(p => p.Item2.Sequence > p.Item1.Sequence));
        await Assert.ThrowsAsync<ArgumentException>(() => Fixture.Store.AppendEventsAsync([batch[0], batch[1] with { Kind = "" }]));
        Assert.Equal(5, (await Fixture.Store.ReadEventsAsync(0, 100)).Count);
    }

    [StoreFact]
    public async Task A_reader_following_concurrent_appenders_should_miss_no_event()
    {
        const int writers = 6, each = 40;
        var start = (await Fixture.Store.AppendEventAsync("gc", null, null, [], At)).Sequence;
        var stores = Enumerable.Range(0, writers).Select(_ => Fixture.CreateStore()).ToList();
        try
        {
            var writing = Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                    await store.AppendEventAsync("slice_failed", null, $"ex-{w}", new JsonObject { ["i"] = i }, At);
            })));

            // a follower reads "everything after the last one seen" while the writers append:
            // were a smaller sequence committed after a larger one was read, it would be skipped
            var seen = new List<long>();
            var next = start + 1;
            while (!writing.IsCompleted || seen.Count < writers * each)
            {
                foreach (var e in await Fixture.Store.ReadEventsAsync(next, 7))
                {
                    seen.Add(e.Sequence);
                    next = e.Sequence + 1;
                }
                if (writing.IsFaulted) await writing;
                if (writing.IsCompleted && (await Fixture.Store.ReadEventsAsync(next, 1)).Count == 0) break;
            }
            await writing;

            var all = (await Fixture.Store.ReadEventsAsync(start + 1, 10_000)).Select(e => e.Sequence).ToList();
            Assert.Equal(writers * each, all.Count);
            Assert.Equal(all, seen);
            // one writer's events keep their order
            foreach (var w in Enumerable.Range(0, writers))
            {
                var mine = (await Fixture.Store.ReadEventsAsync(start + 1, 10_000)).Where(e => e.ExId == $"ex-{w}").Select(e => (int)e.Data["i"]!).ToList();
                Assert.Equal(Enumerable.Range(0, each), mine);
            }
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }
}

public sealed class SqliteEventLogSpecs(SqliteStoreFixture fixture) : EventLogSpecs(fixture), IClassFixture<SqliteStoreFixture>;

[RequiresEnvironmentVariable(PostgresStoreFixture.Variable,
    "set it to a PostgreSQL connection string to run these tests, e.g. eval \"$(scripts/pg-test-server.sh start)\"")]
public sealed class PostgresEventLogSpecs(PostgresStoreFixture fixture) : EventLogSpecs(fixture), IClassFixture<PostgresStoreFixture>;
