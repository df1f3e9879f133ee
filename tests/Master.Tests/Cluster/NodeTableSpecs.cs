using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Protocol.Cluster;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Cluster;

public sealed class NodeTableSpecs
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static RegisterNode Report(string nodeId, IReadOnlyList<WorkerSlotInfo> active, IReadOnlyList<SlicerPlacement> slicers) =>
        new(new NodeInfo(nodeId, "127.0.0.1", 100, $"akka.tcp://teraslice@127.0.0.1:1{nodeId.Length}", ["master", "worker"], 4, "3.18.0", "v10.0"),
            ActorRefs.Nobody, active, slicers);

    [Fact]
    public void Cluster_state_should_show_the_slicers_of_living_executions_as_execution_controller_entries_without_taking_slots()
    {
        var table = new NodeTable();
        table.Register(Report("n1", [new WorkerSlotInfo(1, "worker", "ex-1", "job-1", 100)], [new SlicerPlacement("ex-1", 0), new SlicerPlacement("ex-old", 0)]), Now);

        var state = table.ToClusterState(masterAddress: null, Now, new Dictionary<string, string> { ["ex-1"] = "job-1" });

        var node = state["n1"]!.AsObject();
        Assert.Equal(3, node["available"]!.GetValue<int>()); // 4 slots, 1 worker: a slicer takes none
        var active = node["active"]!.AsArray().OfType<JsonObject>().ToList();
        var slicer = Assert.Single(active, a => a["assignment"]!.GetValue<string>() == "execution_controller");
        Assert.Equal(("ex-1", "job-1", 0), (slicer["ex_id"]!.GetValue<string>(), slicer["job_id"]!.GetValue<string>(), slicer["slicer_id"]!.GetValue<int>()));
        Assert.Single(active, a => a["assignment"]!.GetValue<string>() == "worker");
    }

    [Fact]
    public void A_slicer_entity_id_should_parse_back_into_its_execution_and_slicer()
    {
        var id = Protocol.TerasliceNames.SlicerEntityId("5b55e53a-2e8d-4839-89e9-f18cdfee1177", 3);
        Assert.True(Protocol.TerasliceNames.TryParseSlicerEntityId(id, out var exId, out var slicerId));
        Assert.Equal(("5b55e53a-2e8d-4839-89e9-f18cdfee1177", 3), (exId, slicerId));
        Assert.False(Protocol.TerasliceNames.TryParseSlicerEntityId("no-slash", out _, out _));
        Assert.False(Protocol.TerasliceNames.TryParseSlicerEntityId("ex/x", out _, out _));
    }
}
