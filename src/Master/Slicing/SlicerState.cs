using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// The durable state of one slicer: which slices wait, which are out with workers, which
/// failed, and the counters. It changes only through <see cref="Apply"/> of a journal event,
/// the same call live and when the journal is replayed, so both paths give the same state
/// (what to do is decided by <see cref="SlicerDecide"/>, which reads the state and changes
/// nothing). Deterministic, no I/O. Completed slices are only counted, never kept, so memory is
/// bounded by the queue, not by the job (for that the queue is mutated in place, not copied).
/// </summary>
public sealed class SlicerState
{
    private readonly LinkedList<SliceRecord> _pending = new();
    private readonly Dictionary<string, LinkedListNode<SliceRecord>> _pendingById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SliceRecord> _inFlight = new(StringComparer.Ordinal);
    private readonly List<SliceFailure> _failures = [];
    private readonly HashSet<string> _replaying = new(StringComparer.Ordinal);

    public string ExId { get; private set; } = "";
    public int SlicerId { get; private set; }
    public string ExConfigJson { get; private set; } = "";
    public SlicerPhase Phase { get; private set; } = SlicerPhase.New;
    public string? Error { get; private set; }

    /// <summary>The slicer order the next created slice gets (orders start at 1).</summary>
    public long NextOrder { get; private set; } = 1;

    /// <summary>The request of the last slice cut: where a recoverable slicer resumes.</summary>
    public string? LastCreatedRequest { get; private set; }

    public long Created { get; private set; }
    public long Dispatched { get; private set; }
    public long Completed { get; private set; }
    public long Failed { get; private set; }
    public SliceMetrics Metrics { get; private set; } = SliceMetrics.Zero;
    public DateTime? FirstDispatchAt { get; private set; }
    public DateTime? LastCompletedAt { get; private set; }
    public DateTime? ExhaustedAt { get; private set; }

    public int PendingCount => _pending.Count;
    public int InFlightCount => _inFlight.Count;
    public IReadOnlyCollection<SliceRecord> InFlight => _inFlight.Values;
    public IReadOnlyList<SliceFailure> Failures => _failures;

    /// <summary>The waiting slices, first out first.</summary>
    public IEnumerable<SliceRecord> Pending => _pending;

    /// <summary>Whether the slices of the execution this one recovers were queued (<see cref="SlicerRecoveryStarted"/>).</summary>
    public bool RecoveryStarted { get; private set; }

    /// <summary>Slices of a recovered execution not run again yet.</summary>
    public int ReplayingCount => _replaying.Count;

    /// <summary>Slicing or exhausted: slices may still be handed out or come back.</summary>
    public bool IsActive => Phase is SlicerPhase.Slicing or SlicerPhase.Exhausted;

    /// <summary>Finished, errored or stopped: nothing happens any more.</summary>
    public bool IsTerminal => Phase is SlicerPhase.Finished or SlicerPhase.Errored or SlicerPhase.Stopped;

    /// <summary>Exhausted and nothing is waiting or out: time to finish.</summary>
    public bool CanFinish => Phase == SlicerPhase.Exhausted && _pending.Count == 0 && _inFlight.Count == 0;

    /// <summary>Whether a slice is waiting or out (a completion for it counts).</summary>
    public bool IsOutstanding(string sliceId) => _inFlight.ContainsKey(sliceId) || _pendingById.ContainsKey(sliceId);

    /// <summary>The slice if it is waiting or out, else null.</summary>
    public SliceRecord? Outstanding(string sliceId) =>
        _inFlight.TryGetValue(sliceId, out var slice) ? slice : _pendingById.TryGetValue(sliceId, out var node) ? node.Value : null;

    public SlicerCounters Counters => new(
        Created, Dispatched, Completed, Failed, _pending.Count, _inFlight.Count, Metrics,
        FirstDispatchAt, LastCompletedAt, ExhaustedAt, _replaying.Count);

    /// <summary>The first <paramref name="max"/> waiting slices, left in the queue (the dispatch path: no LINQ).</summary>
    public List<SliceRecord> FirstPending(int max)
    {
        var slices = new List<SliceRecord>(Math.Min(max, _pending.Count));
        for (var node = _pending.First; node is not null && slices.Count < max; node = node.Next) slices.Add(node.Value);
        return slices;
    }

    /// <summary>Whether a slice is out with a worker.</summary>
    public bool IsInFlight(string sliceId) => _inFlight.ContainsKey(sliceId);

    public void Apply(ISlicerEvent e)
    {
        switch (e)
        {
            case SlicerInitialized i: Initialize(i); break;
            case SlicesCreated c: AddCreated(c.Slices); break;
            case SlicerRecoveryStarted r: StartRecovery(r); break;
            case SlicesDispatched d: MarkDispatched(d.SliceIds, d.At); break;
            case SlicesCompleted c: MarkCompleted(c.SliceIds, c.Metrics, c.At); break;
            case SlicesFailed f: MarkFailed(f.Failures); break;
            case SlicesRequeued r: Requeue(r.SliceIds, r.CountAsRetry); break;
            case SlicerExhausted x: MarkExhausted(x.At); break;
            case SlicerFinished: Phase = SlicerPhase.Finished; break;
            case SlicerErrored err:
                Phase = SlicerPhase.Errored;
                Error = err.Error;
                break;
            case SlicerStopped: Phase = SlicerPhase.Stopped; break;
            default: throw new ArgumentException($"unknown slicer event {e.GetType().Name}", nameof(e));
        }
    }

    private void Initialize(SlicerInitialized e)
    {
        ExId = e.ExId;
        SlicerId = e.SlicerId;
        ExConfigJson = e.ExConfigJson;
        Phase = SlicerPhase.Slicing;
    }

    private void AddCreated(IReadOnlyList<SliceRecord> slices)
    {
        foreach (var slice in slices)
        {
            _pendingById[slice.SliceId] = _pending.AddLast(slice);
            NextOrder = Math.Max(NextOrder, slice.SlicerOrder + 1);
            LastCreatedRequest = slice.Request;
            Created++;
        }
    }

    /// <summary>Queues the old execution's slices to run again; resumes counting after the old slicer.</summary>
    private void StartRecovery(SlicerRecoveryStarted e)
    {
        RecoveryStarted = true;
        AddCreated(e.Slices);
        foreach (var slice in e.Slices) _replaying.Add(slice.SliceId);
        LastCreatedRequest = e.LastCreatedRequest ?? LastCreatedRequest;
        NextOrder = Math.Max(NextOrder, e.NextOrder);
        if (e.ExitAfterReplay) MarkExhausted(e.At);
    }

    /// <summary>The named waiting slices go out.</summary>
    private void MarkDispatched(IReadOnlyList<string> sliceIds, DateTime at)
    {
        foreach (var id in sliceIds)
        {
            if (!_pendingById.Remove(id, out var node)) continue;
            _pending.Remove(node);
            _inFlight[id] = node.Value;
            Dispatched++;
            FirstDispatchAt ??= at;
        }
    }

    /// <summary>Slices that completed (waiting ones too: a requeued slice whose first worker finished it after all).</summary>
    private void MarkCompleted(IReadOnlyList<string> sliceIds, SliceMetrics metrics, DateTime at)
    {
        foreach (var id in sliceIds)
        {
            if (RemoveOutstanding(id) is not null) Completed++;
        }
        Metrics = Metrics.Add(metrics);
        LastCompletedAt = at;
    }

    private void MarkFailed(IReadOnlyList<SliceFailure> failures)
    {
        foreach (var failure in failures)
        {
            if (RemoveOutstanding(failure.SliceId) is null) continue;
            Failed++;
            _failures.Add(failure);
        }
    }

    /// <summary>Puts slices that are out back at the front of the queue, in their original order.</summary>
    private void Requeue(IReadOnlyList<string> sliceIds, bool countAsRetry)
    {
        var slices = sliceIds
            .Select(id => _inFlight.Remove(id, out var s) ? s : null)
            .OfType<SliceRecord>()
            .OrderByDescending(s => s.SlicerOrder);
        foreach (var slice in slices)
        {
            var again = countAsRetry ? slice with { RetryCount = slice.RetryCount + 1 } : slice;
            _pendingById[again.SliceId] = _pending.AddFirst(again);
        }
    }

    private void MarkExhausted(DateTime at)
    {
        if (Phase == SlicerPhase.Slicing) Phase = SlicerPhase.Exhausted;
        ExhaustedAt ??= at;
    }

    /// <summary>The status a controller is sent; <paramref name="recovers"/>: the execution recovers another one.</summary>
    public SlicerStatus ToStatus(bool recovers) => new(ExId, SlicerId, Phase, Counters, Error,
        AwaitingRecovery: recovers && Phase != SlicerPhase.New && !IsTerminal && !RecoveryStarted);

    public SlicerSnapshot ToSnapshot() => new(
        ExId, SlicerId, ExConfigJson, Phase, NextOrder, LastCreatedRequest,
        _pending.ToList(), InFlightInOrder(), _failures.ToList(), Counters, Error, _replaying.Order(StringComparer.Ordinal).ToList(), RecoveryStarted);

    // a dictionary's order depends on its history: snapshots list in-flight slices by slicer order,
    // so equal states give equal snapshots (the order means nothing otherwise)
    private List<SliceRecord> InFlightInOrder() =>
        _inFlight.Values.OrderBy(s => s.SlicerOrder).ThenBy(s => s.SliceId, StringComparer.Ordinal).ToList();

    public static SlicerState FromSnapshot(SlicerSnapshot s)
    {
        var state = new SlicerState
        {
            ExId = s.ExId,
            SlicerId = s.SlicerId,
            ExConfigJson = s.ExConfigJson,
            Phase = s.Phase,
            NextOrder = s.NextOrder,
            LastCreatedRequest = s.LastCreatedRequest,
            Error = s.Error,
            Created = s.Counters.Created,
            Dispatched = s.Counters.Dispatched,
            Completed = s.Counters.Completed,
            Failed = s.Counters.Failed,
            Metrics = s.Counters.Metrics,
            FirstDispatchAt = s.Counters.FirstDispatchAt,
            LastCompletedAt = s.Counters.LastCompletedAt,
            ExhaustedAt = s.Counters.ExhaustedAt,
            RecoveryStarted = s.RecoveryStarted,
        };
        foreach (var slice in s.Pending) state._pendingById[slice.SliceId] = state._pending.AddLast(slice);
        foreach (var slice in s.InFlight) state._inFlight[slice.SliceId] = slice;
        state._failures.AddRange(s.Failures);
        foreach (var id in s.Replaying ?? []) state._replaying.Add(id);
        return state;
    }

    private SliceRecord? RemoveOutstanding(string id)
    {
        _replaying.Remove(id);
        if (_inFlight.Remove(id, out var slice)) return slice;
        if (!_pendingById.Remove(id, out var node)) return null;
        _pending.Remove(node);
        return node.Value;
    }
}
