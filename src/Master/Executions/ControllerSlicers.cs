using Akka.Actor;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// What a controller knows of its execution's slicers: the last status of each, and the
/// incarnation of each slicer entity that last reported (watched: a new one must be told who its
/// controller is). Not thread-safe (the controller's state).
/// </summary>
internal sealed class ControllerSlicers(int count, IActorRef region)
{
    private readonly Dictionary<int, SlicerStatus> _last = new();
    private readonly Dictionary<int, IActorRef> _incarnations = new();

    public int Count { get; } = count;

    public IEnumerable<SlicerStatus> Statuses => _last.Values;

    /// <summary>Every slicer has reported at least once.</summary>
    public bool AllReported => _last.Count == Count;

    public bool AllFinished => AllReported && _last.Values.All(s => s.Phase == SlicerPhase.Finished);

    /// <summary>Every slicer reported a final phase (a stop's end: stopped, finished, errored, or never started).</summary>
    public bool AllStopped => AllReported && _last.Values.All(s => s.Phase is SlicerPhase.Stopped or SlicerPhase.Finished or SlicerPhase.Errored or SlicerPhase.New);

    public bool AllExhausted => _last.Values.All(s => s.Phase is SlicerPhase.Exhausted or SlicerPhase.Finished);

    public bool AnyReplaying => _last.Values.Any(s => s.IsReplaying);

    public bool AllAttachedOrEnded => Enumerable.Range(0, Count).All(i => _incarnations.ContainsKey(i) || HasEnded(i));

    /// <summary>The slicers to (re)attach: no known incarnation, not ended.</summary>
    public IEnumerable<int> Unattached => Enumerable.Range(0, Count).Where(i => !_incarnations.ContainsKey(i) && !HasEnded(i));

    public bool HasEnded(int slicerId) =>
        _last.TryGetValue(slicerId, out var last) && last.Phase is SlicerPhase.Finished or SlicerPhase.Errored or SlicerPhase.Stopped;

    /// <summary>Sends each slicer (0..Count-1) its message, through the shard region.</summary>
    public void TellAll(Func<int, object> message)
    {
        for (var i = 0; i < Count; i++) region.Tell(message(i));
    }

    /// <summary>Sends every slicer without a known incarnation its StartSlicer (it answers with its status).</summary>
    public void Attach(Func<int, StartSlicer> start)
    {
        foreach (var i in Unattached) region.Tell(start(i));
    }

    /// <summary>Records a status from <paramref name="sender"/>; returns the incarnation to watch instead of the old one, if it changed.</summary>
    public (IActorRef? Watch, IActorRef? Unwatch) Reported(SlicerStatus status, IActorRef sender, IActorRef deadLetters)
    {
        _last[status.SlicerId] = status;
        if (sender.IsNobody() || sender.Equals(deadLetters)) return (null, null);
        if (_incarnations.TryGetValue(status.SlicerId, out var known) && known.Equals(sender)) return (null, null);
        _incarnations[status.SlicerId] = sender;
        return (sender, known);
    }

    /// <summary>An actor stopped: the slicer it was the incarnation of, or null when it was none.</summary>
    public int? Gone(IActorRef actor)
    {
        foreach (var (slicerId, incarnation) in _incarnations)
        {
            if (!incarnation.Equals(actor)) continue;
            _incarnations.Remove(slicerId);
            return slicerId;
        }
        return null;
    }
}
