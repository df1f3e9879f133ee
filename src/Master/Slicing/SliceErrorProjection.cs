using System.Text.Json.Nodes;
using Akka.Event;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// Projects failed slices into the state store's error records (Teraslice state records in state
/// "error"), for the /errors routes. The journal stays the source of truth: writing a record again
/// is harmless, so a slicer writes its failures again after a restart.
/// </summary>
internal static class SliceErrorProjection
{
    public static void Write(IStateStore? store, string exId, int slicerId, IReadOnlyList<SliceFailure> failures, ILoggingAdapter log, string persistenceId)
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
