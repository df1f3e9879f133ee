using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Executions;

/// <summary>The execution controller against a probe for the slicer shard region, on a temporary SQLite store.</summary>
public sealed class ExecutionControllerSpecs : TestKit, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ts-controller-specs-{Guid.NewGuid():N}");
    private SqlStateStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = SqlStateStore.Create(StorageProvider.Sqlite, $"Data Source={Path.Combine(_folder, "teraslice.db")}");
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private async Task<JsonObject> StoredExecutionAsync()
    {
        var config = new JsonObject
        {
            ["name"] = "controller-spec",
            ["lifecycle"] = "once",
            ["workers"] = 0, // no worker requests: the spec is about the slicer
            ["slicers"] = 1,
            ["operations"] = new JsonArray(new JsonObject { ["_op"] = "noop" }),
        };
        var ex = Documents.NewExecution(config, "job-1", Guid.NewGuid().ToString(), "v3.18.0");
        await _store.InsertExecutionAsync(ex);
        return ex;
    }

    [Fact]
    public async Task Controller_should_attach_again_to_a_slicer_that_stopped_and_complete_with_its_next_incarnation()
    {
        var ex = await StoredExecutionAsync();
        var exId = ex["ex_id"]!.GetValue<string>();
        var region = CreateTestProbe();
        var controller = Sys.ActorOf(ExecutionControllerActor.Props(ExecutionRecord.From(ex), _store, region.Ref, new ControllerSettings()));
        var start = region.ExpectMsg<StartSlicer>();
        Assert.Equal(controller, start.Controller);

        // the slicer's first incarnation answers, then stops: its node died, or its shard moved
        var first = CreateTestProbe();
        first.Send(controller, new SlicerStatus(exId, 0, SlicerPhase.Slicing, SlicerCounters.Empty, null));
        Sys.Stop(first.Ref);

        // the shard starts it again elsewhere, knowing no controller: the controller must say who it is
        var again = region.ExpectMsg<StartSlicer>(TimeSpan.FromSeconds(10));
        Assert.Equal((exId, 0, controller), (again.ExId, again.SlicerId, again.Controller));
        var second = CreateTestProbe();
        var done = SlicerCounters.Empty with { Created = 1, Dispatched = 1, Completed = 1, Metrics = new SliceMetrics(10, 10) };
        second.Send(controller, new SlicerStatus(exId, 0, SlicerPhase.Finished, done, null));

        await AwaitAssertAsync(async () =>
        {
            var stored = await _store.GetExecutionAsync(exId);
            Assert.Equal("completed", stored?["_status"]?.GetValue<string>());
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        // the end stops the slicer; once finished and stopped (passivated) it is not started again
        region.ExpectMsg<StopSlicer>();
        Sys.Stop(second.Ref);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }
}
