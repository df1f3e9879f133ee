using Akka.Actor;
using Akka.TestKit;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Tests.Slicing;

/// <summary>What the slicer specs do as a worker and as a controller would.</summary>
internal static class SlicerDriver
{
    /// <summary>Asks for slices until <paramref name="count"/> arrived.</summary>
    public static List<SliceRecord> Take(TestProbe worker, IActorRef slicer, string exId, int count)
    {
        worker.Send(slicer, new RequestSlices(exId, 0, worker.Ref.Path.Name, count));
        var slices = new List<SliceRecord>();
        while (slices.Count < count) slices.AddRange(worker.ExpectMsg<SlicesAssigned>(TimeSpan.FromSeconds(10)).Slices);
        return slices;
    }

    /// <summary>Completes the slices, 10 records in and out each.</summary>
    public static void Complete(TestProbe worker, IActorRef slicer, string exId, IEnumerable<SliceRecord> slices)
    {
        foreach (var slice in slices)
            worker.Send(slicer, new SliceCompleted(exId, 0, slice.SliceId, worker.Ref.Path.Name, new SliceMetrics(10, 10), WantsMore: false));
    }

    public static SlicerStatus StatusOf(TestKitBase kit, IActorRef slicer, string exId)
    {
        var asker = kit.CreateTestProbe();
        asker.Send(slicer, new GetSlicerStatus(exId, 0));
        return asker.ExpectMsg<SlicerStatus>(TimeSpan.FromSeconds(10));
    }
}
