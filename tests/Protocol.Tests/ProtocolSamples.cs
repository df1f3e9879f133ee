using Akka.Actor;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Slicing;
using Teraslice.Akka.Protocol.Workers;

namespace Teraslice.Akka.Protocol.Tests;

/// <summary>One instance of every protocol type, with every field set to a non-default value.</summary>
internal static class ProtocolSamples
{
    public static IEnumerable<ITerasliceMessage> All(IActorRef actor)
    {
        var at = new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        var slice = new SliceRecord("slice-1", 1, 42, "{\"count\":10,\"processed\":420}", at, 2);
        var metrics = new SliceMetrics(10, 8, new Dictionary<string, long> { ["count_sink.records"] = 8 });
        var counters = new SlicerCounters(5, 4, 3, 1, 2, 1, metrics, at, at.AddSeconds(1), at.AddSeconds(2), 1);
        var failure = new SliceFailure("slice-2", "boom", 3, at, 7, "{\"n\":7}", at);
        var node = new NodeInfo("node-1", "127.0.0.1", 1234, "akka.tcp://teraslice@127.0.0.1:5679", ["master", "worker"], 4, "v3.18.0", "v10.0.0");
        var slot = new WorkerSlotInfo(1, "worker", "ex-1", "job-1", 1234);
        var query = new ListQuery(10, 20, "_created", false, true);
        // an execution record with a user field, non-ASCII text and a number written as the user wrote it
        var execution = ExecutionRecord.Parse("""{"ex_id":"ex-1","job_id":"job-1","name":"Größe ✓","_status":"running","workers":3,"my_field":{"n":1.50}}""");

        return
        [
            new JsonReply("{\"a\":1}", Created: true),
            new Rejection(RejectionKind.Gone, "gone"),

            GetClusterState.Instance,
            new GetControllers("job-1", "ex-1"),
            new SubmitJob(JobSpec.Parse("{\"operations\":[]}"), false, "my-job"),
            new ListJobs(query, true, ["_status", "ex_id"]),
            new GetJob("job-1", []),
            new GetLatestExecution("job-1"),
            new StartJob("job-1"),
            new StopExecution("job-1", null, true, true, 5000),
            new ListExecutions(query, ["running", "failing"]),
            new GetExecution("ex-1"),
            new UpdateJob("job-1", JobSpec.Parse("{\"operations\":[]}")),
            new DeleteJob("job-1"),
            new SetJobActive("job-1", false),
            new PauseExecution("job-1", null),
            new ResumeExecution(null, "ex-1"),
            new RecoverExecution("job-1", null, "errors"),
            new ChangeWorkers(null, "ex-1", WorkerChange.Remove, 2),
            new GetSliceErrors(null, "ex-1", query),
            GetClusterStats.Instance,
            new UploadAsset([0x50, 0x4b, 0x03, 0x04]),
            new ListAssets("ex1", "0.0.1", query),
            new DeleteAsset("a6d5c0f2"),
            new KillJob("job-1"),
            new GetClusterEvents(42, 100),
            new RunGc(TimeSpan.FromDays(7)),

            node,
            slot,
            new SlicerPlacement("ex-1", 0),
            new RegisterNode(node, actor, [slot], [new SlicerPlacement("ex-1", 0)]),
            new AllocateWorkers(execution, 3, actor),
            new WorkersAllocated("ex-1", "node-1", 3, ["node-1__1"], [slot]),

            new WorkerJoined("ex-1", "node-1__1", "node-1"),
            new StopWorker("ex-1", false),

            slice,
            metrics,
            failure,
            counters,
            new StartSlicer("ex-1", 1, execution, actor),
            new RequestSlices("ex-1", 1, "node-1__1", 2),
            new SliceCompleted("ex-1", 1, "slice-1", "node-1__1", metrics, false),
            new SliceFailed("ex-1", 1, "slice-1", "node-1__1", "boom", 3, false),
            new ReturnSlices("ex-1", 1, "node-1__1", ["slice-1", "slice-3"]),
            new PauseSlicer("ex-1", 1),
            new ResumeSlicer("ex-1", 1),
            new StopSlicer("ex-1", 1),
            new GetSlicerStatus("ex-1", 1),
            new SlicesAssigned("ex-1", 1, [slice]),
            new SlicerDrained("ex-1", 1),
            new SlicerStatus("ex-1", 1, SlicerPhase.Exhausted, counters, "err"),
            SlicerHandOff.Instance,

            new SlicerInitialized("ex-1", 1, "{}", at),
            new SlicesCreated([slice, slice with { SliceId = "slice-3", SlicerOrder = 43 }]),
            new SlicesDispatched(["slice-1"], at),
            new SlicesCompleted(["slice-1"], metrics, at),
            new SlicesFailed([failure]),
            new SlicesRequeued(["slice-1"], true, at),
            new SlicerExhausted(at),
            new SlicerFinished(at),
            new SlicerErrored("boom", at),
            new SlicerStopped(at),
            new SlicerSnapshot("ex-1", 1, "{}", SlicerPhase.Slicing, 44, "{\"count\":1}", [slice], [slice with { SliceId = "slice-9" }],
                [failure], counters, "err", ["slice-1"]),
            new SlicerRecoveryStarted("ex-0", "errors", [slice], "{\"count\":1}", 12, true, at),
        ];
    }
}
