using System.Text.Json.Nodes;
using Akka.Event;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// What a slicer's failed slices become outside its journal: the state store's error records
/// (Teraslice state records in state "error") for the /errors routes, and slice_failed events of the
/// cluster event log. The journal stays the source of truth: writing a record again is harmless, so
/// a slicer writes its failures again after a restart (without logging them again).
/// </summary>
/// <param name="store">Where the error records go (null: nowhere, in tests).</param>
/// <param name="events">Where the events go (null: nowhere, in tests).</param>
internal sealed class SliceErrorProjection(IStateStore? store, ClusterEventLog? events, ILoggingAdapter log, string persistenceId)
{
    /// <summary>Failures the journal has just written: their records and their events.</summary>
    public void Written(string exId, string jobId, int slicerId, IReadOnlyList<SliceFailure> failures)
    {
        Write(exId, slicerId, failures);
        foreach (var failure in failures) events?.Append(ClusterEventKinds.SliceFailed, jobId, exId, Event(slicerId, failure));
    }

    /// <summary>Failures already in the journal (after a restart): their records again, in case the last ones were missed.</summary>
    public void Write(string exId, int slicerId, IReadOnlyList<SliceFailure> failures)
    {
        if (store is null || failures.Count == 0) return;
        var documents = failures.Select(f => Document(exId, slicerId, f)).ToList();
        // off the slicer's thread: a store's "async" call may complete synchronously (Microsoft.Data.Sqlite does)
        Task.Run(() => store.UpsertSliceErrorsAsync(documents)).ContinueWith(
            t => log.Error(t.Exception?.GetBaseException(), "Slicer {PersistenceId} could not record {Count} failed slice(s) for the /errors routes",
                persistenceId, documents.Count),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    /// <summary>The data of the slice_failed event of a failure.</summary>
    public static JsonObject Event(int slicerId, SliceFailure failure) => new()
    {
        ["slice_id"] = failure.SliceId,
        ["slicer_id"] = slicerId,
        ["slicer_order"] = failure.SlicerOrder,
        ["error"] = failure.Error,
        ["retry_count"] = failure.RetryCount,
    };

    public static JsonObject Document(string exId, int slicerId, SliceFailure failure)
    {
        var document = new JsonObject
        {
            ["slice_id"] = failure.SliceId,
            ["slicer_id"] = slicerId,
            ["slicer_order"] = failure.SlicerOrder,
            ["request"] = failure.Request,
            ["state"] = "error",
            ["ex_id"] = exId,
            ["_created"] = IsoDate.Format(failure.Created == default ? failure.At : failure.Created),
            ["_updated"] = IsoDate.Format(failure.At),
            ["error"] = failure.Error,
        };
        if (failure.RetryCount > 0) document["retry_count"] = failure.RetryCount;
        return document;
    }
}
