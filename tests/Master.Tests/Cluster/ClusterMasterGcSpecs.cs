using System.Reflection;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Cluster;

/// <summary>
/// Garbage collection in the cluster master: on its schedule when one is set, and kept apart from a
/// <c>_recover</c> under way (a collection asked for while a recovery is being stored waits for it,
/// then sees the new recovery and keeps the journal it will read).
/// </summary>
public sealed class ClusterMasterGcSpecs() : TestKit(ConfigurationFactory.ParseString("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    """)), IAsyncLifetime
{
    private static readonly JournalTables Tables = new(new PersistenceTable(null, "journal", "persistence_id"), new PersistenceTable(null, "snapshot", "persistence_id"));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ts-gc-master-specs-{Guid.NewGuid():N}");
    private readonly ManualResetEventSlim _inserting = new(false);
    private readonly ManualResetEventSlim _release = new(false);
    private SqlStateStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _store = SqlStateStore.Create(StorageProvider.Sqlite, $"Data Source={Path.Combine(_folder, "teraslice.db")}");
        await _store.InitializeAsync();
        // stand-ins for the journal's tables: only the persistence ids matter here
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "teraslice.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE journal (persistence_id TEXT NOT NULL); CREATE TABLE snapshot (persistence_id TEXT NOT NULL);";
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        _release.Set();
        await Sys.Terminate();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_collection_asked_for_during_a_recover_should_wait_for_it_and_keep_the_journal_it_reads()
    {
        var jobId = "job-" + Guid.NewGuid().ToString("N")[..8];
        await _store.InsertJobAsync(Documents.NewJob(JsonNode.Parse("""{"name":"j","operations":[{"_op":"test-reader"},{"_op":"noop"}]}""")!.AsObject(), jobId));
        var source = Documents.NewExecution(JsonNode.Parse("""{"name":"j","operations":[{"_op":"test-reader"},{"_op":"noop"}]}""")!.AsObject(), jobId, "source-" + jobId, "v3.18.0");
        source["_status"] = ExecutionStatus.Stopped.ToWire();
        source["_updated"] = IsoDate.Format(DateTime.UtcNow.AddDays(-30));
        await _store.InsertExecutionAsync(source);
        await ExecuteAsync($"INSERT INTO journal VALUES ('{TerasliceNames.SlicerPersistenceId("source-" + jobId, 0)}'), ('{TerasliceNames.SlicerPersistenceId("source-" + jobId, 0)}')");

        var store = HeldUpRecoveries.Wrap(_store, _inserting, _release);
        var catalog = new AssetCatalog(store, Path.Combine(_folder, "assets"), BuiltinOperations.Registry, NullLogger<AssetCatalog>.Instance);
        var events = new ClusterEventLog(store);
        var master = Sys.ActorOf(ClusterMasterActor.Props(store, CommandHandlers.Create(store, catalog, "v3.18.0", events, Tables),
            CreateTestProbe().Ref, new MasterSettings(), events));
        var recoverer = CreateTestProbe();
        var collector = CreateTestProbe();

        recoverer.Send(master, new RecoverExecution(null, "source-" + jobId, null));
        Assert.True(_inserting.Wait(TimeSpan.FromSeconds(10)), "the recovery should be being stored");
        collector.Send(master, new RunGc(TimeSpan.FromDays(7)));

        collector.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // it waits for the recovery
        _release.Set();
        recoverer.ExpectMsg<JsonReply>(TimeSpan.FromSeconds(10));
        var report = GcReport.FromJson(JsonNode.Parse(collector.ExpectMsg<JsonReply>(TimeSpan.FromSeconds(10)).Json)!.AsObject());

        Assert.Equal(0, report.ExecutionsCollected);
        Assert.Equal(2L, Convert.ToInt64(await ExecuteAsync("SELECT COUNT(*) FROM journal")));
        Assert.Null(ExecutionRecord.From((await _store.GetExecutionAsync("source-" + jobId))!).GcOn);
    }

    [Fact]
    public async Task With_an_interval_set_the_master_should_collect_on_its_own()
    {
        var jobId = "job-" + Guid.NewGuid().ToString("N")[..8];
        var ended = Documents.NewExecution(JsonNode.Parse("""{"name":"j","operations":[{"_op":"test-reader"},{"_op":"noop"}]}""")!.AsObject(), jobId, "ended-" + jobId, "v3.18.0");
        ended["_status"] = ExecutionStatus.Completed.ToWire();
        ended["_updated"] = IsoDate.Format(DateTime.UtcNow.AddDays(-30));
        await _store.InsertExecutionAsync(ended);
        await ExecuteAsync($"INSERT INTO journal VALUES ('{TerasliceNames.SlicerPersistenceId("ended-" + jobId, 0)}')");
        var catalog = new AssetCatalog(_store, Path.Combine(_folder, "assets"), BuiltinOperations.Registry, NullLogger<AssetCatalog>.Instance);
        var events = new ClusterEventLog(_store);
        var settings = new MasterSettings { Gc = new GcSettings { Retention = TimeSpan.FromDays(7), Interval = TimeSpan.FromMilliseconds(300) } };

        Sys.ActorOf(ClusterMasterActor.Props(_store, CommandHandlers.Create(_store, catalog, "v3.18.0", events, Tables, settings.Gc),
            CreateTestProbe().Ref, settings, events));

        await AwaitAssertAsync(async () =>
        {
            Assert.NotNull(ExecutionRecord.From((await _store.GetExecutionAsync("ended-" + jobId))!).GcOn);
            Assert.Equal(0L, Convert.ToInt64(await ExecuteAsync("SELECT COUNT(*) FROM journal")));
            Assert.Contains(await _store.ReadEventsAsync(0, 100), e => e.Kind == ClusterEventKinds.Gc);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    private async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "teraslice.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>An <see cref="IStateStore"/> whose insert of a recovery blocks its calling thread until released.</summary>
    public class HeldUpRecoveries : DispatchProxy
    {
        private IStateStore _inner = null!;
        private ManualResetEventSlim _inserting = null!;
        private ManualResetEventSlim _release = null!;

        public static IStateStore Wrap(IStateStore inner, ManualResetEventSlim inserting, ManualResetEventSlim release)
        {
            var proxy = Create<IStateStore, HeldUpRecoveries>();
            var held = (HeldUpRecoveries)(object)proxy;
            (held._inner, held._inserting, held._release) = (inner, inserting, release);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IStateStore.InsertExecutionAsync) && args![0] is JsonObject ex && ex.ContainsKey("recovered_execution"))
            {
                _inserting.Set();
                _release.Wait(TimeSpan.FromSeconds(30));
            }
            return method.Invoke(_inner, args);
        }
    }
}
