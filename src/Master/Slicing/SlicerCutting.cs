using Microsoft.Extensions.Logging;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// A slicer entity's slicer operation and its cutting: one cut at a time, started when the queue is
/// half empty and filling it up (a few large journal events, not one per dispatch), never again
/// once the operation said there is no more. Also the orders of slices cut but not written yet.
/// The entity's state: not thread-safe.
/// </summary>
internal sealed class SlicerCutting(SlicerSettings settings, IOperationCatalog catalog, ILoggerFactory loggers)
{
    private ISlicer? _slicer;
    private Phase _phase = Phase.NoOperation;

    private enum Phase
    {
        NoOperation,
        Ready,
        InProgress,
        Done,
    }

    /// <summary>The slicer order the next slice cut gets.</summary>
    public long NextOrder { get; set; } = 1;

    /// <summary>Slices cut whose creation is not applied yet (they count as queued).</summary>
    public int Unapplied { get; private set; }

    /// <summary>The event that creates the slices of these requests (<see cref="SlicerDecide.Cut"/>), counted as cut and not applied yet.</summary>
    public SlicesCreated Created(SlicerState state, IReadOnlyList<string> requests, DateTime at)
    {
        var created = SlicerDecide.Cut(state, requests, NextOrder, () => Guid.NewGuid().ToString(), at);
        NextOrder += created.Slices.Count;
        Unapplied += created.Slices.Count;
        return created;
    }

    /// <summary>The creation is written and applied.</summary>
    public void Applied(SlicesCreated created) => Unapplied -= created.Slices.Count;

    private int MaxQueue => _slicer?.MaxQueueLength ?? settings.DefaultMaxQueueLength;

    /// <summary>Creates the slicer operation (its assets loaded, resuming after <paramref name="lastCreatedRequest"/>), off the actor.</summary>
    public Task<SlicerOperationReady> CreateAsync(ExecutionRecord execution, int slicerId, string? lastCreatedRequest) =>
        SlicerOperationHost.CreateAsync(execution, slicerId, lastCreatedRequest, catalog, loggers);

    /// <summary>The slicer operation is created and initialised: cutting may start.</summary>
    public void Ready(ISlicer slicer)
    {
        _slicer = slicer;
        _phase = Phase.Ready;
    }

    /// <summary>A cut to run off the actor now (<paramref name="pending"/> slices are queued), or null.</summary>
    public Task<SlicesCut>? Next(int pending)
    {
        if (_phase != Phase.Ready || _slicer is null) return null;
        var queued = pending + Unapplied;
        if (queued > MaxQueue / 2) return null;
        _phase = Phase.InProgress;
        var slicer = _slicer;
        var max = Math.Min(MaxQueue - queued, settings.CutBatch);
        return Task.Run(() => SlicerOperationHost.CutAsync(slicer, max));
    }

    /// <summary>A cut came back: the next may start, unless the operation has no more.</summary>
    public void Cut(SlicesCut cut) => _phase = cut.Done ? Phase.Done : Phase.Ready;

    /// <summary>Disposes the slicer operation, if any; the error it threw, if it did.</summary>
    public async Task<Exception?> DisposeAsync()
    {
        if (_slicer is null) return null;
        var slicer = _slicer;
        _slicer = null;
        return await SlicerOperationHost.DisposeQuietlyAsync(slicer);
    }
}
