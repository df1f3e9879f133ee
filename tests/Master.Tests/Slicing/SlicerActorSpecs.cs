using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Master.Tests.Storage;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Serialization;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Slicing;

/// <summary>
/// The slicer entity on a real Akka.Persistence.Sql journal; a subclass per database. Execution ids
/// get a suffix per test so runs against a long-lived database never meet an old journal.
/// </summary>
public abstract class SlicerActorSpecs(Config persistence) : TestKit(Config(persistence))
{
    private static readonly SlicerSettings Settings = new() { SnapshotEvery = 3, FlushInterval = TimeSpan.FromMilliseconds(10) };

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private string Ex(string name) => $"{name}-{_run}";

    /// <summary>The journal and snapshot store on SQLite (SQLite.MS) or PostgreSQL (PostgreSQL.15).</summary>
    protected static Config Persistence(string connectionString, string provider) => ConfigurationFactory.ParseString($$"""
        akka.persistence {
          journal.plugin = "akka.persistence.journal.sql"
          journal.sql {
            class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
            connection-string = "{{connectionString}}"
            provider-name = "{{provider}}"
            auto-initialize = on
          }
          snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
          snapshot-store.sql {
            class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
            connection-string = "{{connectionString}}"
            provider-name = "{{provider}}"
            auto-initialize = on
          }
        }
        """);

    protected static Config Config(Config persistence) => persistence.WithFallback(ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.teraslice = "{{typeof(TerasliceSerializer).AssemblyQualifiedName}}"
          serialization-bindings."{{typeof(ITerasliceMessage).AssemblyQualifiedName}}" = teraslice
          serialization-identifiers."{{typeof(TerasliceSerializer).AssemblyQualifiedName}}" = {{TerasliceSerializer.Id}}
          serialization-settings.allow-unregistered-types = false
        }
        """)).WithFallback(SqlPersistence.DefaultConfiguration);

    private static string ExConfig(string exId, int slices) =>
        new JsonObject
        {
            ["ex_id"] = exId,
            ["job_id"] = "job",
            ["name"] = "slicer-spec",
            ["lifecycle"] = "once",
            ["workers"] = 1,
            ["slicers"] = 1,
            ["operations"] = new JsonArray(
                new JsonObject { ["_op"] = "bench_gen", ["slices"] = slices, ["size"] = 10 },
                new JsonObject { ["_op"] = "noop" }),
        }.ToJsonString();

    private IActorRef Slicer(string exId) =>
        Sys.ActorOf(SlicerActor.Props($"{exId}/0", BuiltinOperations.Catalog, NullLoggerFactory.Instance, Settings));

    private static List<SliceRecord> Take(TestProbe worker, IActorRef slicer, string exId, int count) => SlicerDriver.Take(worker, slicer, exId, count);

    private static void Complete(TestProbe worker, IActorRef slicer, string exId, IEnumerable<SliceRecord> slices) =>
        SlicerDriver.Complete(worker, slicer, exId, slices);

    private SlicerStatus StatusOf(IActorRef slicer, string exId) => SlicerDriver.StatusOf(this, slicer, exId);

    private void Stop(IActorRef slicer, bool handOff)
    {
        Watch(slicer);
        if (handOff) slicer.Tell(SlicerHandOff.Instance);
        else Sys.Stop(slicer);
        ExpectTerminated(slicer, TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public void A_restarted_slicer_should_replay_its_journal_into_the_same_state()
    {
        var exId = Ex("ex-replay");
        var slicer = Slicer(exId);
        var controller = CreateTestProbe();
        slicer.Tell(new StartSlicer(exId, 0, ExecutionRecord.Parse(ExConfig(exId, 10)), controller));
        controller.ExpectMsg<SlicerStatus>(s => s.Phase == SlicerPhase.Slicing, TimeSpan.FromSeconds(15));

        var worker = CreateTestProbe();
        var taken = Take(worker, slicer, exId, 3);
        Assert.Equal([1L, 2L, 3L], taken.Select(s => s.SlicerOrder));
        Complete(worker, slicer, exId, taken.Take(2));
        AwaitAssert(() => Assert.Equal(2, StatusOf(slicer, exId).Counters.Completed), TimeSpan.FromSeconds(5));
        Stop(slicer, handOff: true);

        var again = Slicer(exId);
        var status = StatusOf(again, exId);
        Assert.Equal(SlicerPhase.Exhausted, status.Phase);
        Assert.Equal(10, status.Counters.Created);
        Assert.Equal(2, status.Counters.Completed);
        Assert.Equal(8, status.Counters.Pending); // the slice that was out is back in the queue
        Assert.Equal(0, status.Counters.InFlight);
        Assert.Equal(20, status.Counters.Metrics.RecordsIn);

        controller = CreateTestProbe(); // statuses of the first incarnation stay behind
        again.Tell(new StartSlicer(exId, 0, ExecutionRecord.Parse(ExConfig(exId, 10)), controller));
        controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        var worker2 = CreateTestProbe();
        var rest = Take(worker2, again, exId, 8);
        Assert.Equal(taken[2].SliceId, rest[0].SliceId); // requeued first, same id
        Assert.Equal(1, rest[0].RetryCount);
        Complete(worker2, again, exId, rest);
        var finished = controller.FishForMessage<SlicerStatus>(s => s.Phase == SlicerPhase.Finished, TimeSpan.FromSeconds(10));
        Assert.Equal(10, finished.Counters.Completed);
        Assert.Equal(100, finished.Counters.Metrics.RecordsIn);
        worker2.ExpectMsg<SlicerDrained>();
    }

    [StoreFact]
    public void Completions_not_yet_written_when_the_slicer_dies_should_run_again_and_count_once()
    {
        var exId = Ex("ex-crash");
        var slicer = Slicer(exId);
        var controller = CreateTestProbe();
        slicer.Tell(new StartSlicer(exId, 0, ExecutionRecord.Parse(ExConfig(exId, 4)), controller));
        controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        var worker = CreateTestProbe();
        var taken = Take(worker, slicer, exId, 4);
        Complete(worker, slicer, exId, taken);
        Stop(slicer, handOff: false); // no flush: some completions may be lost with it

        var again = Slicer(exId);
        controller = CreateTestProbe(); // statuses of the first incarnation stay behind
        again.Tell(new StartSlicer(exId, 0, ExecutionRecord.Parse(ExConfig(exId, 4)), controller));
        var status = controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        var lost = (int)(4 - status.Counters.Completed);
        if (lost > 0)
        {
            var rerun = Take(CreateTestProbe(), again, exId, lost);
            Assert.All(rerun, s => Assert.Contains(s.SliceId, taken.Select(t => t.SliceId)));
            Complete(worker, again, exId, rerun);
        }
        var finished = status.Phase == SlicerPhase.Finished
            ? status
            : controller.FishForMessage<SlicerStatus>(s => s.Phase == SlicerPhase.Finished, TimeSpan.FromSeconds(10));
        Assert.Equal(4, finished.Counters.Completed);
        Assert.Equal(40, finished.Counters.Metrics.RecordsIn);
    }

    [StoreFact]
    public void Slices_of_a_worker_that_dies_should_go_to_another_worker()
    {
        var exId = Ex("ex-worker-dies");
        var slicer = Slicer(exId);
        var controller = CreateTestProbe();
        slicer.Tell(new StartSlicer(exId, 0, ExecutionRecord.Parse(ExConfig(exId, 3)), controller));
        controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        var doomed = CreateTestProbe();
        var held = Take(doomed, slicer, exId, 2);
        Sys.Stop(doomed.Ref);

        var survivor = CreateTestProbe();
        var got = Take(survivor, slicer, exId, 3);
        Assert.Equal(3, got.Select(s => s.SliceId).Distinct().Count());
        Assert.All(held, h => Assert.Equal(1, got.Single(s => s.SliceId == h.SliceId).RetryCount));
    }

    [StoreFact]
    public void A_paused_slicer_should_hand_out_nothing_until_resumed()
    {
        var exId = Ex("ex-pause");
        var slicer = Slicer(exId);
        var controller = CreateTestProbe();
        slicer.Tell(new StartSlicer(exId, 0, ExecutionRecord.Parse(ExConfig(exId, 3)), controller));
        controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        slicer.Tell(new PauseSlicer(exId, 0));
        var worker = CreateTestProbe();
        worker.Send(slicer, new RequestSlices(exId, 0, "w", 1));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        slicer.Tell(new ResumeSlicer(exId, 0));
        worker.ExpectMsg<SlicesAssigned>(TimeSpan.FromSeconds(5));
    }

    [StoreFact]
    public void A_slicer_operation_that_throws_should_error_the_slicer_with_the_reason()
    {
        var exId = Ex("ex-bad");
        var slicer = Slicer(exId);
        var controller = CreateTestProbe();
        var config = (JsonObject)JsonNode.Parse(ExConfig(exId, 3))!;
        config["operations"]![0]!["_op"] = "no_such_reader";
        slicer.Tell(new StartSlicer(exId, 0, ExecutionRecord.From(config), controller));
        var errored = controller.FishForMessage<SlicerStatus>(s => s.Phase == SlicerPhase.Errored, TimeSpan.FromSeconds(10));
        Assert.Contains("no_such_reader", errored.Error);
    }

    [StoreTheory]
    [InlineData("errors", 1, true)]
    [InlineData("pending", 2, true)]
    [InlineData(null, 4, false)]
    public void A_recovered_execution_should_replay_the_old_slicers_slices_with_their_ids(string? cleanup, int replayed, bool exits)
    {
        var oldEx = Ex("ex-old-" + (cleanup ?? "none"));
        var old = Slicer(oldEx);
        var controller = CreateTestProbe();
        old.Tell(new StartSlicer(oldEx, 0, ExecutionRecord.Parse(ExConfig(oldEx, 5)), controller));
        controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        var worker = CreateTestProbe();
        var taken = Take(worker, old, oldEx, 3);                 // orders 1..3 out
        Complete(worker, old, oldEx, taken.Take(1));           // 1 completed
        worker.Send(old, new SliceFailed(oldEx, 0, taken[1].SliceId, "w", "boom", 3, WantsMore: false)); // 2 failed
        AwaitAssert(() => Assert.Equal(1, StatusOf(old, oldEx).Counters.Failed), TimeSpan.FromSeconds(5));
        old.Tell(new StopSlicer(oldEx, 0));                    // 3 still out, 4 and 5 pending
        controller.FishForMessage<SlicerStatus>(s => s.Phase == SlicerPhase.Stopped, TimeSpan.FromSeconds(10));
        Stop(old, handOff: true);                              // what the shard does when the slicer asks to passivate

        var newEx = Ex("ex-new-" + (cleanup ?? "none"));
        var config = (JsonObject)JsonNode.Parse(ExConfig(newEx, 5))!;
        config["recovered_execution"] = oldEx;
        if (cleanup is not null) config["recovered_slice_type"] = cleanup;
        var recovering = Slicer(newEx);
        var newController = CreateTestProbe();
        recovering.Tell(new StartSlicer(newEx, 0, ExecutionRecord.From(config), newController));
        var started = newController.FishForMessage<SlicerStatus>(s => !s.AwaitingRecovery, TimeSpan.FromSeconds(15));
        Assert.Equal(replayed, started.Counters.Replaying);

        var again = Take(CreateTestProbe(), recovering, newEx, replayed);
        var expectedIds = cleanup switch
        {
            "errors" => [taken[1].SliceId],
            "pending" => again.Select(s => s.SliceId).Where(id => !taken.Select(t => t.SliceId).Contains(id)).ToArray(),
            _ => new[] { taken[1].SliceId, taken[2].SliceId }.Concat(again.Skip(2).Select(s => s.SliceId)).ToArray(),
        };
        Assert.Equal(expectedIds.Order(), again.Select(s => s.SliceId).Where(expectedIds.Contains).Order());
        Assert.DoesNotContain(taken[0].SliceId, again.Select(s => s.SliceId)); // never the completed one
        Complete(worker, recovering, newEx, again);
        var finished = newController.FishForMessage<SlicerStatus>(s => s.Phase == SlicerPhase.Finished, TimeSpan.FromSeconds(10));
        Assert.Equal(0, finished.Counters.Replaying);
        // the old slicer had cut all 5: with no cleanup type the slicer resumes after its last cut, so
        // it cuts nothing again; with one it stops after the replay anyway
        Assert.Equal(replayed, finished.Counters.Created);
        Assert.Equal(replayed, finished.Counters.Completed);
        Assert.True(exits || cleanup is null);
    }
}

public sealed class SqliteSlicerActorSpecs : SlicerActorSpecs, IDisposable
{
    private readonly string _dbPath;

    public SqliteSlicerActorSpecs() : this(Path.Combine(Path.GetTempPath(), $"slicer-specs-{Guid.NewGuid():N}.db"))
    {
    }

    private SqliteSlicerActorSpecs(string dbPath) : base(Persistence($"Data Source={dbPath}", "SQLite.MS")) => _dbPath = dbPath;

    /// <summary>The specs' ActorSystem config with the journal and snapshots on this SQLite database.</summary>
    internal static Config Configure(string connectionString) => Config(Persistence(connectionString, "SQLite.MS"));

    public new void Dispose()
    {
        base.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_dbPath)!, Path.GetFileName(_dbPath) + "*")) File.Delete(file);
    }
}

[RequiresEnvironmentVariable("TERASLICE_TEST_PG", "the slicer journal specs on PostgreSQL need a server: eval \"$(scripts/pg-test-server.sh start)\"")]
public sealed class PostgresSlicerActorSpecs() : SlicerActorSpecs(Persistence(Environment.GetEnvironmentVariable("TERASLICE_TEST_PG") ?? "", "PostgreSQL.15"));
