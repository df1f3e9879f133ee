using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Teraslice.Akka.Protocol.Serialization;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>
/// A garbage collection (<see cref="GcCommands"/> over the store) on each database, against slicer
/// journals and snapshots written by Akka.Persistence.Sql into the store's database under the
/// tables its config names: the history of executions that ended before the retention point goes,
/// with the old cluster events; a living execution's, a young one's and the one a living recovery
/// reads stay, row for row.
/// </summary>
public abstract class GcStoreSpecs(StateStoreFixture fixture, string providerName) : IAsyncLifetime
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    protected StateStoreFixture Fixture { get; } = fixture;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private string Id(string name) => $"{name}-{_run}";

    private static string Pid(string exId, int slicer) => TerasliceNames.SlicerPersistenceId(exId, slicer);

    [StoreFact]
    public async Task Gc_should_delete_the_history_of_executions_that_ended_before_the_retention_and_nothing_else()
    {
        var (old, living, young, source, recovery) = (Id("old"), Id("living"), Id("young"), Id("source"), Id("recovery"));
        var month = DateTime.UtcNow.AddDays(-30);
        await ExecutionAsync(old, ExecutionStatus.Completed, month, slicers: 2);
        await ExecutionAsync(living, ExecutionStatus.Running, month); // a persistent job running for a month
        await ExecutionAsync(young, ExecutionStatus.Failed, DateTime.UtcNow.AddDays(-1));
        await ExecutionAsync(source, ExecutionStatus.Stopped, month);
        await ExecutionAsync(recovery, ExecutionStatus.Initializing, DateTime.UtcNow, recovers: source);
        await WriteJournalsAsync(
            (Pid(old, 0), 5, true), (Pid(old, 1), 3, false),
            (Pid(living, 0), 4, true), (Pid(young, 0), 2, true), (Pid(source, 0), 3, true));
        var oldEvent = await Fixture.Store.AppendEventAsync("job_submitted", "job", null, [], DateTimeOffset.UtcNow.AddDays(-8));
        var youngEvent = await Fixture.Store.AppendEventAsync("job_submitted", "job", null, [], DateTimeOffset.UtcNow.AddDays(-6));
        var oldDocument = (await Fixture.Store.GetExecutionAsync(old))!;

        var report = await RunGcAsync(Week);

        Assert.Equal((1, 8L, 1L, 1L), (report.ExecutionsCollected, report.JournalRowsDeleted, report.SnapshotRowsDeleted, report.EventsDeleted));
        Assert.Equal(Week, report.Retention);
        Assert.Equal((0L, 0L), (await JournalRowsAsync(Pid(old, 0)), await SnapshotRowsAsync(Pid(old, 0))));
        Assert.Equal(0L, await JournalRowsAsync(Pid(old, 1)));
        Assert.Equal((4L, 1L), (await JournalRowsAsync(Pid(living, 0)), await SnapshotRowsAsync(Pid(living, 0))));
        Assert.Equal((2L, 1L), (await JournalRowsAsync(Pid(young, 0)), await SnapshotRowsAsync(Pid(young, 0))));
        Assert.Equal((3L, 1L), (await JournalRowsAsync(Pid(source, 0)), await SnapshotRowsAsync(Pid(source, 0))));

        // the collected execution is marked, its _updated (when it ended) kept; the others are not marked
        var collected = (await Fixture.Store.GetExecutionAsync(old))!;
        Assert.NotNull(ExecutionRecord.From(collected).GcOn);
        Assert.Equal(oldDocument.Str("_updated"), collected.Str("_updated"));
        foreach (var kept in (string[])[living, young, source, recovery])
            Assert.Null(ExecutionRecord.From((await Fixture.Store.GetExecutionAsync(kept))!).GcOn);

        // events before the retention point are gone; the gc event carries the report
        var events = await Fixture.Store.ReadEventsAsync(0, 100);
        Assert.DoesNotContain(events, e => e.Sequence == oldEvent.Sequence);
        Assert.Contains(events, e => e.Sequence == youngEvent.Sequence);
        var gc = Assert.Single(events, e => e.Kind == ClusterEventKinds.Gc);
        Assert.Equal(report.ToJson().ToJsonString(), gc.Data.ToJsonString());

        // collected once: the store no longer lists it, and a second collection finds nothing more
        var stillListed = (await Fixture.Store.ListEndedExecutionsAsync(DateTimeOffset.UtcNow)).Select(d => d.Str("ex_id"));
        Assert.Equal(new[] { source, young }.Order(), stillListed.Order());
        var again = await RunGcAsync(Week);
        Assert.Equal((0, 0L, 0L), (again.ExecutionsCollected, again.JournalRowsDeleted, again.SnapshotRowsDeleted));
    }

    [StoreFact]
    public async Task The_store_should_refuse_to_delete_the_history_of_an_execution_that_has_not_ended()
    {
        var living = Id("living");
        await ExecutionAsync(living, ExecutionStatus.Paused, DateTime.UtcNow.AddDays(-30));
        await WriteJournalsAsync((Pid(living, 0), 3, true));

        var deleted = await Fixture.Store.DeleteSliceHistoryAsync(living, [Pid(living, 0)], Documents.Now(), Tables(), default);

        Assert.Null(deleted);
        Assert.Equal((3L, 1L), (await JournalRowsAsync(Pid(living, 0)), await SnapshotRowsAsync(Pid(living, 0))));
        Assert.Null(ExecutionRecord.From((await Fixture.Store.GetExecutionAsync(living))!).GcOn);
    }

    [StoreFact]
    public async Task A_retention_of_zero_should_collect_every_execution_that_has_ended()
    {
        var (done, living) = (Id("done"), Id("living"));
        await ExecutionAsync(done, ExecutionStatus.Completed, DateTime.UtcNow.AddSeconds(-1));
        await ExecutionAsync(living, ExecutionStatus.Running, DateTime.UtcNow.AddSeconds(-1));
        await WriteJournalsAsync((Pid(done, 0), 2, false), (Pid(living, 0), 2, false));

        var report = await RunGcAsync(TimeSpan.Zero);

        Assert.Equal((1, 2L), (report.ExecutionsCollected, report.JournalRowsDeleted));
        Assert.Equal((0L, 2L), (await JournalRowsAsync(Pid(done, 0)), await JournalRowsAsync(Pid(living, 0))));
    }

    [StoreFact]
    public async Task The_report_should_say_what_compaction_gave_back_where_it_can_be_measured()
    {
        var report = await CollectABigJournalAsync();

        BytesFreedShouldBeMeasured(report.BytesFreed);
    }

    /// <summary>Collects an execution with ~4 MB of journal: what deleting it gives back shows in the file's size.</summary>
    protected async Task<GcReport> CollectABigJournalAsync()
    {
        var big = Id("big");
        await ExecutionAsync(big, ExecutionStatus.Completed, DateTime.UtcNow.AddDays(-30));
        await WriteJournalsAsync((Pid(big, 0), 40, false), payloadBytes: 100_000);
        await SettleAsync();

        var report = await RunGcAsync(Week);

        Assert.Equal(40L, report.JournalRowsDeleted);
        return report;
    }

    /// <summary>SQLite: the file shrank by about what was deleted. PostgreSQL: null.</summary>
    protected abstract void BytesFreedShouldBeMeasured(long? bytesFreed);

    /// <summary>Lets what was written reach the database's files (SQLite: out of the write-ahead log into the file).</summary>
    protected virtual Task SettleAsync() => Task.CompletedTask;

    private async Task<GcReport> RunGcAsync(TimeSpan retention)
    {
        var events = new ClusterEventLog(Fixture.Store);
        var decision = await new GcCommands(Fixture.Store, Tables(), new GcSettings(), events).RunAsync(new RunGc(retention));
        var answer = Assert.IsType<Decision.Answer>(decision);
        return GcReport.FromJson(JsonNode.Parse(Assert.IsType<JsonReply>(answer.Reply).Json)!.AsObject());
    }

    private async Task ExecutionAsync(string exId, ExecutionStatus status, DateTime updated, int slicers = 1, string? recovers = null)
    {
        var ex = Documents.NewExecution(new JsonObject { ["name"] = "gc", ["slicers"] = slicers }, "job-" + _run, exId, "v3.18.0");
        ex["_status"] = status.ToWire();
        ex["_updated"] = IsoDate.Format(updated);
        if (recovers is not null) ex["recovered_execution"] = recovers;
        await Fixture.Store.InsertExecutionAsync(ex);
    }

    private Task<long> JournalRowsAsync(string persistenceId) => CountAsync(Tables().Journal, persistenceId);

    private Task<long> SnapshotRowsAsync(string persistenceId) => CountAsync(Tables().Snapshot, persistenceId);

    private async Task<long> CountAsync(PersistenceTable table, string persistenceId) =>
        Convert.ToInt64(await Fixture.ExecuteAsync($"SELECT COUNT(*) FROM \"{table.Name}\" WHERE \"{table.PersistenceIdColumn}\" = '{persistenceId}'"));

    private JournalTables Tables() => JournalTables.From(PersistenceConfig());

    /// <summary>Akka.Persistence.Sql on the fixture's database, as a node configures it, with the protocol serializer.</summary>
    private Config PersistenceConfig() => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.persistence {
          journal.plugin = "akka.persistence.journal.sql"
          journal.sql {
            connection-string = "{{Fixture.ConnectionString}}"
            provider-name = "{{providerName}}"
            auto-initialize = on
          }
          snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
          snapshot-store.sql {
            connection-string = "{{Fixture.ConnectionString}}"
            provider-name = "{{providerName}}"
            auto-initialize = on
          }
        }
        akka.actor {
          serializers.teraslice = "{{typeof(TerasliceSerializer).AssemblyQualifiedName}}"
          serialization-bindings."{{typeof(ITerasliceMessage).AssemblyQualifiedName}}" = teraslice
          serialization-identifiers."{{typeof(TerasliceSerializer).AssemblyQualifiedName}}" = {{TerasliceSerializer.Id}}
        }
        """).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>Writes each journal (events, then a snapshot when asked) through Akka.Persistence.Sql.</summary>
    private async Task WriteJournalsAsync(params (string PersistenceId, int Events, bool Snapshot)[] journals) =>
        await WriteJournalsAsync(journals[0], payloadBytes: 10, journals[1..]);

    private async Task WriteJournalsAsync((string PersistenceId, int Events, bool Snapshot) first, int payloadBytes,
        params (string PersistenceId, int Events, bool Snapshot)[] more)
    {
        var system = ActorSystem.Create("gc-specs", PersistenceConfig());
        try
        {
            foreach (var (persistenceId, count, snapshot) in more.Prepend(first))
            {
                var writer = system.ActorOf(Props.Create(() => new JournalWriter(persistenceId, count, snapshot, payloadBytes)));
                await writer.Ask<global::Akka.Done>(JournalWriter.Write.Instance, TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            await system.Terminate();
        }
        Assert.Equal((long)first.Events, await JournalRowsAsync(first.PersistenceId)); // written where the tables say
    }

    /// <summary>Persists <c>count</c> events (and a snapshot), then answers Done.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, int count, bool snapshot, int payloadBytes)
        {
            PersistenceId = persistenceId;
            IActorRef? replyTo = null;
            Command<Write>(_ =>
            {
                replyTo = Sender;
                var payload = new string('x', payloadBytes);
                PersistAll(Enumerable.Range(0, count).Select(i => new SlicerInitialized(persistenceId, i, payload, DateTime.UtcNow)), _ =>
                {
                    if (LastSequenceNr < count) return;
                    if (snapshot) SaveSnapshot(new SlicerExhausted(DateTime.UtcNow));
                    else replyTo.Tell(global::Akka.Done.Instance);
                });
            });
            Command<SaveSnapshotSuccess>(_ => replyTo!.Tell(global::Akka.Done.Instance));
            Command<SaveSnapshotFailure>(f => replyTo!.Tell(new Status.Failure(f.Cause)));
        }

        public override string PersistenceId { get; }

        public sealed class Write
        {
            public static readonly Write Instance = new();
        }
    }
}

public sealed class SqliteGcStoreSpecs(SqliteStoreFixture fixture) : GcStoreSpecs(fixture, "SQLite.MS"), IClassFixture<SqliteStoreFixture>
{
    protected override void BytesFreedShouldBeMeasured(long? bytesFreed) =>
        Assert.True(bytesFreed > 3_000_000, $"deleting ~4 MB of journal and compacting should free most of it, freed {bytesFreed}");

    // the journal's pages in the file itself: only a compaction gives them back (the log's own truncation does not count)
    protected override Task SettleAsync() => Fixture.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);");

    [Fact]
    public async Task A_file_in_incremental_auto_vacuum_mode_should_give_every_free_page_back()
    {
        // the mode is stored in the file (a VACUUM switches it); the other tests of the class do not mind it
        await Fixture.ExecuteAsync("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;");
        Assert.Equal(2L, Convert.ToInt64(await Fixture.ExecuteAsync("PRAGMA auto_vacuum;")));

        var report = await CollectABigJournalAsync();

        BytesFreedShouldBeMeasured(report.BytesFreed);
        Assert.Equal(0L, Convert.ToInt64(await Fixture.ExecuteAsync("PRAGMA freelist_count;")));
    }
}

[RequiresEnvironmentVariable(PostgresStoreFixture.Variable,
    "set it to a PostgreSQL connection string to run these tests, e.g. eval \"$(scripts/pg-test-server.sh start)\"")]
public sealed class PostgresGcStoreSpecs(PostgresStoreFixture fixture) : GcStoreSpecs(fixture, "PostgreSQL.15"), IClassFixture<PostgresStoreFixture>
{
    protected override void BytesFreedShouldBeMeasured(long? bytesFreed) => Assert.Null(bytesFreed);
}
