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
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Cluster;

/// <summary>The cluster master on a store whose job inserts can be held up, as a slow database would.</summary>
public sealed class ClusterMasterSpecs() : TestKit(ConfigurationFactory.ParseString("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    """)), IAsyncLifetime
{
    private const string SlowName = "slow";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ts-master-specs-{Guid.NewGuid():N}");
    private readonly ManualResetEventSlim _release = new(false);
    private SqlStateStore _store = null!;
    private IStateStore _slowStore = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _store = SqlStateStore.Create(StorageProvider.Sqlite, $"Data Source={Path.Combine(_folder, "teraslice.db")}");
        await _store.InitializeAsync();
        _slowStore = HeldUpStore.Wrap(_store, _release);
    }

    public async Task DisposeAsync()
    {
        _release.Set();
        // the master and the controllers it started write to the store until they stop: stop them before the files go
        await Sys.Terminate();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static string Job(string name) => $$"""{"name":"{{name}}","operations":[{"_op":"test-reader"},{"_op":"noop"}]}""";

    [Fact]
    public void A_slow_write_for_one_job_should_hold_up_neither_other_jobs_nor_the_cluster_state()
    {
        var catalog = new AssetCatalog(_slowStore, Path.Combine(_folder, "assets"), BuiltinOperations.Registry, NullLogger<AssetCatalog>.Instance);
        var master = Sys.ActorOf(ClusterMasterActor.Props(_slowStore, CommandHandlers.Create(_slowStore, catalog, "v3.18.0", new ClusterEventLog(_slowStore)), CreateTestProbe().Ref, new MasterSettings(), new ClusterEventLog(_slowStore)));
        var slow = CreateTestProbe();
        var fast = CreateTestProbe();
        var state = CreateTestProbe();

        slow.Send(master, new SubmitJob(JobSpec.Parse(Job(SlowName)), Start: false)); // its insert blocks its thread until released
        fast.Send(master, new SubmitJob(JobSpec.Parse(Job("fast")), Start: false));
        state.Send(master, GetClusterState.Instance);

        var stored = fast.ExpectMsg<JsonReply>(TimeSpan.FromSeconds(10));
        state.ExpectMsg<JsonReply>(TimeSpan.FromSeconds(10));
        slow.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // still held up
        _release.Set();
        slow.ExpectMsg<JsonReply>(TimeSpan.FromSeconds(10));
        Assert.NotNull(JsonNode.Parse(stored.Json)!["job_id"]);
    }

    [Fact]
    public void Commands_of_one_job_should_run_one_after_another()
    {
        var catalog = new AssetCatalog(_store, Path.Combine(_folder, "assets"), BuiltinOperations.Registry, NullLogger<AssetCatalog>.Instance);
        var master = Sys.ActorOf(ClusterMasterActor.Props(_store, CommandHandlers.Create(_store, catalog, "v3.18.0", new ClusterEventLog(_store)), CreateTestProbe().Ref, new MasterSettings(), new ClusterEventLog(_store)));
        var asker = CreateTestProbe();
        asker.Send(master, new SubmitJob(JobSpec.Parse(Job("twice")), Start: false));
        var jobId = (string)JsonNode.Parse(asker.ExpectMsg<JsonReply>(TimeSpan.FromSeconds(10)).Json)!["job_id"]!;

        // ten starts of one job at once: exactly one creates an execution, the others see it running
        for (var i = 0; i < 10; i++) asker.Send(master, new StartJob(jobId));
        var replies = Enumerable.Range(0, 10).Select(_ => asker.ExpectMsg<object>(TimeSpan.FromSeconds(10))).ToList();

        Assert.Single(replies.OfType<JsonReply>());
        Assert.All(replies.OfType<Rejection>(), r => Assert.Equal(RejectionKind.Conflict, r.Kind));
        Assert.Equal(9, replies.OfType<Rejection>().Count());
    }

    /// <summary>An <see cref="IStateStore"/> whose insert of the job named "slow" blocks its calling thread until released.</summary>
    public class HeldUpStore : DispatchProxy
    {
        private IStateStore _inner = null!;
        private ManualResetEventSlim _release = null!;

        public static IStateStore Wrap(IStateStore inner, ManualResetEventSlim release)
        {
            var proxy = Create<IStateStore, HeldUpStore>();
            var held = (HeldUpStore)(object)proxy;
            held._inner = inner;
            held._release = release;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            // as Microsoft.Data.Sqlite does: the "async" call does its work synchronously, on the caller's thread
            if (method!.Name == nameof(IStateStore.InsertJobAsync) && args![0] is JsonObject job && (string?)job["name"] == SlowName)
                _release.Wait(TimeSpan.FromSeconds(30));
            return method.Invoke(_inner, args);
        }
    }
}
