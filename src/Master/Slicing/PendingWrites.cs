using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// Events a slicer has applied but not written yet, coalesced per kind so that a busy slicer
/// writes a few large events per tick instead of one per slice. Merging keeps what a replay
/// reads equal to what was applied: dispatches keep the first time, completions the last and
/// the sum of their metrics. Written in the order dispatched, completed, failed (a slice is
/// always dispatched before it completes or fails; a requeue drains the writes first).
/// </summary>
public sealed class PendingWrites
{
    private List<string> _dispatched = [];
    private DateTime _dispatchedAt;
    private List<string> _completed = [];
    private SliceMetrics _completedMetrics = SliceMetrics.Zero;
    private DateTime _completedAt;
    private List<SliceFailure> _failures = [];

    public int Dispatched => _dispatched.Count;
    public int Completed => _completed.Count;
    public bool IsEmpty => _dispatched.Count == 0 && _completed.Count == 0 && _failures.Count == 0;

    public void Add(SlicesDispatched e)
    {
        if (_dispatched.Count == 0) _dispatchedAt = e.At;
        for (var i = 0; i < e.SliceIds.Count; i++) _dispatched.Add(e.SliceIds[i]);
    }

    public void Add(SlicesCompleted e)
    {
        for (var i = 0; i < e.SliceIds.Count; i++) _completed.Add(e.SliceIds[i]);
        _completedMetrics = _completedMetrics.Add(e.Metrics);
        _completedAt = e.At;
    }

    public void Add(SlicesFailed e) => _failures.AddRange(e.Failures);

    /// <summary>The coalesced events, in the order they must be written; empties the buffer.</summary>
    public IReadOnlyList<ISlicerEvent> Drain()
    {
        var events = new List<ISlicerEvent>(3);
        if (_dispatched.Count > 0)
        {
            events.Add(new SlicesDispatched(_dispatched, _dispatchedAt));
            _dispatched = [];
        }
        if (_completed.Count > 0)
        {
            events.Add(new SlicesCompleted(_completed, _completedMetrics, _completedAt));
            _completed = [];
            _completedMetrics = SliceMetrics.Zero;
        }
        if (_failures.Count > 0)
        {
            events.Add(new SlicesFailed(_failures));
            _failures = [];
        }
        return events;
    }
}
