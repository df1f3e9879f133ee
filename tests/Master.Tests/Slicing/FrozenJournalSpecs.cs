using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Slicing;

/// <summary>
/// A slicer journal (events and a snapshot, SQLite) written by an earlier version of our code is
/// kept in <c>Frozen/slicer-journal-v1.db</c>: today's slicer must replay it into the same state
/// and finish the execution. A change that strands users' journals fails here. The file was made
/// by <see cref="Freeze_the_journal_when_asked"/> (<c>TERASLICE_FREEZE_JOURNAL=1</c>, only when missing).
/// </summary>
public sealed class FrozenJournalSpecs : TestKit, IDisposable
{
    private const string ExId = "frozen-ex-v1";
    private const string FileName = "slicer-journal-v1.db";
    private static readonly SlicerSettings Settings = new() { SnapshotEvery = 3, FlushInterval = TimeSpan.FromMilliseconds(10) };

    private readonly string _dbPath;

    public FrozenJournalSpecs() : this(Path.Combine(Path.GetTempPath(), $"frozen-journal-{Guid.NewGuid():N}.db"))
    {
    }

    private FrozenJournalSpecs(string dbPath) : base(SqliteSlicerActorSpecs.Configure($"Data Source={dbPath}")) => _dbPath = dbPath;

    [Fact]
    public void A_journal_of_an_earlier_version_should_replay_into_its_state_and_finish()
    {
        var frozen = Path.Combine(AppContext.BaseDirectory, "Frozen", FileName);
        Assert.True(File.Exists(frozen), $"{frozen} is missing: it is committed with the tests");
        File.Copy(frozen, _dbPath);

        var slicer = Slicer();
        var status = StatusOf(slicer);
        Assert.Equal(SlicerPhase.Exhausted, status.Phase);
        Assert.Equal(10, status.Counters.Created);
        Assert.Equal(2, status.Counters.Completed);
        Assert.Equal(8, status.Counters.Pending); // the slice that was out when it stopped is back in the queue
        Assert.Equal(0, status.Counters.InFlight);
        Assert.Equal(20, status.Counters.Metrics.RecordsIn);

        var controller = CreateTestProbe();
        slicer.Tell(new StartSlicer(ExId, 0, ExecutionRecord.Parse(ExConfig()), controller));
        controller.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(15));
        var worker = CreateTestProbe();
        var rest = Take(worker, slicer, 8);
        Assert.Equal(8, rest.Select(s => s.SliceId).Distinct().Count());
        Assert.Equal(1, rest[0].RetryCount); // the requeued one, first
        Complete(worker, slicer, rest);
        var finished = controller.FishForMessage<SlicerStatus>(s => s.Phase == SlicerPhase.Finished, TimeSpan.FromSeconds(10));
        Assert.Equal(10, finished.Counters.Completed);
        Assert.Equal(100, finished.Counters.Metrics.RecordsIn);
    }

    /// <summary>Writes the frozen journal with today's code, when asked and only when it is missing.</summary>
    [Fact]
    public void Freeze_the_journal_when_asked()
    {
        var target = Path.Combine(SourceFolder(), "..", "Frozen", FileName);
        if (Environment.GetEnvironmentVariable("TERASLICE_FREEZE_JOURNAL") != "1" || File.Exists(target)) return;

        var slicer = Slicer();
        var controller = CreateTestProbe();
        slicer.Tell(new StartSlicer(ExId, 0, ExecutionRecord.Parse(ExConfig()), controller));
        controller.ExpectMsg<SlicerStatus>(s => s.Phase == SlicerPhase.Slicing, TimeSpan.FromSeconds(15));
        var worker = CreateTestProbe();
        var taken = Take(worker, slicer, 3);
        Complete(worker, slicer, taken.Take(2));
        AwaitAssert(() => Assert.Equal(2, StatusOf(slicer).Counters.Completed), TimeSpan.FromSeconds(5));
        Watch(slicer);
        slicer.Tell(SlicerHandOff.Instance);
        ExpectTerminated(slicer, TimeSpan.FromSeconds(10));

        using var connection = new SqliteConnection($"Data Source={_dbPath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", Path.GetFullPath(target));
        command.ExecuteNonQuery();
    }

    private IActorRef Slicer() =>
        Sys.ActorOf(SlicerActor.Props($"{ExId}/0", BuiltinOperations.Catalog, NullLoggerFactory.Instance, Settings));

    private static string ExConfig() => new JsonObject
    {
        ["ex_id"] = ExId,
        ["job_id"] = "frozen-job",
        ["name"] = "frozen-journal",
        ["lifecycle"] = "once",
        ["workers"] = 1,
        ["slicers"] = 1,
        ["operations"] = new JsonArray(
            new JsonObject { ["_op"] = "bench_gen", ["slices"] = 10, ["size"] = 10 },
            new JsonObject { ["_op"] = "noop" }),
    }.ToJsonString();

    private static List<SliceRecord> Take(TestProbe worker, IActorRef slicer, int count) => SlicerDriver.Take(worker, slicer, ExId, count);

    private static void Complete(TestProbe worker, IActorRef slicer, IEnumerable<SliceRecord> slices) => SlicerDriver.Complete(worker, slicer, ExId, slices);

    private SlicerStatus StatusOf(IActorRef slicer) => SlicerDriver.StatusOf(this, slicer, ExId);

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    public new void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_dbPath)!, Path.GetFileName(_dbPath) + "*")) File.Delete(file);
    }
}
