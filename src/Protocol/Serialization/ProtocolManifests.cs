using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Slicing;
using Teraslice.Akka.Protocol.Workers;

namespace Teraslice.Akka.Protocol.Serialization;

/// <summary>
/// The frozen manifest of every protocol type. A manifest is never changed or reused once
/// released: journals hold them. Add new types at the end of their group.
/// </summary>
public static class ProtocolManifests
{
    private static readonly (Type Type, string Manifest)[] Entries =
    [
        // api (A*)
        (typeof(JsonReply), "A1"),
        (typeof(Rejection), "A2"),
        (typeof(GetClusterState), "A4"),
        (typeof(GetControllers), "A5"),
        (typeof(SubmitJob), "A6"),
        (typeof(ListJobs), "A7"),
        (typeof(GetJob), "A8"),
        (typeof(GetLatestExecution), "A9"),
        (typeof(StartJob), "A10"),
        (typeof(StopExecution), "A11"),
        (typeof(ListExecutions), "A12"),
        (typeof(GetExecution), "A13"),
        (typeof(UpdateJob), "A14"),
        (typeof(DeleteJob), "A15"),
        (typeof(SetJobActive), "A16"),
        (typeof(PauseExecution), "A17"),
        (typeof(ResumeExecution), "A18"),
        (typeof(RecoverExecution), "A19"),
        (typeof(ChangeWorkers), "A20"),
        (typeof(GetSliceErrors), "A21"),
        (typeof(GetClusterStats), "A22"),
        (typeof(UploadAsset), "A23"),
        (typeof(ListAssets), "A24"),
        (typeof(DeleteAsset), "A25"),
        (typeof(KillJob), "A26"),
        (typeof(GetClusterEvents), "A27"),
        (typeof(RunGc), "A28"),

        // cluster / nodes (N*)
        (typeof(NodeInfo), "N1"),
        (typeof(WorkerSlotInfo), "N2"),
        (typeof(RegisterNode), "N3"),
        (typeof(AllocateWorkers), "N4"),
        (typeof(WorkersAllocated), "N5"),
        // "N6" was StopWorkers (never sent; removed): not to be reused
        (typeof(SlicerPlacement), "N7"),

        // workers (W*)
        (typeof(WorkerJoined), "W1"),
        // "W2" was WorkerLeaving (never sent; removed): not to be reused
        (typeof(StopWorker), "W3"),

        // slicer commands and replies (S*)
        (typeof(SliceRecord), "S1"),
        (typeof(SliceMetrics), "S2"),
        (typeof(SliceFailure), "S3"),
        (typeof(SlicerCounters), "S4"),
        (typeof(StartSlicer), "S5"),
        (typeof(RequestSlices), "S6"),
        (typeof(SliceCompleted), "S7"),
        (typeof(SliceFailed), "S8"),
        (typeof(ReturnSlices), "S9"),
        (typeof(PauseSlicer), "S10"),
        (typeof(ResumeSlicer), "S11"),
        (typeof(StopSlicer), "S12"),
        (typeof(GetSlicerStatus), "S13"),
        (typeof(SlicesAssigned), "S14"),
        (typeof(SlicerDrained), "S15"),
        (typeof(SlicerStatus), "S16"),
        (typeof(SlicerHandOff), "S17"),

        // slicer journal (E*) and snapshot
        (typeof(SlicerInitialized), "E1"),
        (typeof(SlicesCreated), "E2"),
        (typeof(SlicesDispatched), "E3"),
        (typeof(SlicesCompleted), "E4"),
        (typeof(SlicesFailed), "E5"),
        (typeof(SlicesRequeued), "E6"),
        (typeof(SlicerExhausted), "E7"),
        (typeof(SlicerFinished), "E8"),
        (typeof(SlicerErrored), "E9"),
        (typeof(SlicerStopped), "E10"),
        (typeof(SlicerSnapshot), "E11"),
        (typeof(SlicerRecoveryStarted), "E12"),
    ];

    public static readonly IReadOnlyDictionary<Type, string> ByType = Entries.ToDictionary(e => e.Type, e => e.Manifest);

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = Entries.ToDictionary(e => e.Manifest, e => e.Type);
}
