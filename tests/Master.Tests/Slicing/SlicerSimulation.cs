using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Tests.Slicing;

/// <summary>One step of a slicer's life, for the property specs.</summary>
/// <param name="Kind">0 cut, 1 dispatch, 2 complete, 3 fail, 4 hand back, 5 worker dies, 6 flush, 7 exhaust, 8 snapshot, 9 finish.</param>
public sealed record SlicerStep(int Kind, int N, int Worker)
{
    public override string ToString() => $"{(Kind switch { 0 => "cut", 1 => "dispatch", 2 => "complete", 3 => "fail", 4 => "hand-back", 5 => "worker-dies", 6 => "flush", 7 => "exhaust", 8 => "snapshot", _ => "finish" })}({N},w{Worker})";
}

/// <summary>
/// Drives a <see cref="SlicerState"/> the way the slicer actor does: decisions from
/// <see cref="SlicerDecide"/>, applied at once, written through <see cref="PendingWrites"/>
/// (dispatches, completions, failures coalesced) or at once (creations written before they are
/// applied, requeues after a flush, phase changes). Keeps the journal it would have written.
/// </summary>
public sealed class SlicerSimulation
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly PendingWrites _writes = new();
    private readonly Dictionary<int, List<string>> _held = [];
    private readonly List<string> _everCreated = [];
    private long _nextOrder = 1;
    private int _clock;

    public SlicerSimulation()
    {
        Write(new SlicerInitialized("ex", 0, "{}", Start));
    }

    public SlicerState Live { get; } = new();
    public List<ISlicerEvent> Journal { get; } = [];
    public SlicerSnapshot? Snapshot { get; private set; }
    public int JournalAtSnapshot { get; private set; }

    private DateTime Now => Start.AddMilliseconds(++_clock);

    public void Run(SlicerStep step)
    {
        var held = _held.TryGetValue(step.Worker, out var h) ? h : _held[step.Worker] = [];
        switch (step.Kind)
        {
            case 0 when Live.Phase == SlicerPhase.Slicing:
                var requests = Enumerable.Range(0, step.N).Select(i => $"{{\"n\":{_nextOrder + i}}}").ToList();
                var ids = _everCreated.Count;
                var created = SlicerDecide.Cut(Live, requests, _nextOrder, () => "s" + ++ids, Now);
                _nextOrder += step.N;
                _everCreated.AddRange(created.Slices.Select(s => s.SliceId));
                Write(created);
                break;
            case 1 when SlicerDecide.Dispatch(Live, step.N, Now) is { } dispatched:
                Live.Apply(dispatched);
                _writes.Add(dispatched);
                held.AddRange(dispatched.SliceIds);
                if (_writes.Dispatched >= 4) Flush();
                break;
            case 2:
                // a worker's slice, or (late, duplicate) any slice ever created
                var done = Pick(held, step.N) ?? (_everCreated.Count > 0 ? _everCreated[step.N % _everCreated.Count] : null);
                if (done is null) break;
                held.Remove(done);
                if (SlicerDecide.Complete(Live, done, new SliceMetrics(step.N, step.N - 1), Now) is { } completed)
                {
                    Live.Apply(completed);
                    _writes.Add(completed);
                }
                break;
            case 3 when Pick(held, step.N) is { } failing:
                held.Remove(failing);
                if (SlicerDecide.Fail(Live, failing, "boom", step.N, Now) is { } failed)
                {
                    Live.Apply(failed);
                    _writes.Add(failed);
                }
                break;
            case 4 or 5:
                var back = held.ToList();
                held.Clear();
                if (SlicerDecide.Requeue(Live, back, countAsRetry: step.Kind == 5, Now) is not { } requeued) break;
                Flush();
                Live.Apply(requeued);
                Journal.Add(requeued);
                break;
            case 6:
                Flush();
                break;
            case 7 when Live.Phase == SlicerPhase.Slicing:
                Write(new SlicerExhausted(Now));
                break;
            case 8 when _writes.IsEmpty:
                Snapshot = Live.ToSnapshot();
                JournalAtSnapshot = Journal.Count;
                break;
            case 9 when SlicerDecide.Finish(Live, Now) is { } finished:
                Flush();
                Write(finished);
                break;
        }
    }

    /// <summary>Writes what is buffered, as the actor does before it stops.</summary>
    public void Flush() => Journal.AddRange(_writes.Drain());

    /// <summary>Written first, then applied.</summary>
    private void Write(ISlicerEvent e)
    {
        Journal.Add(e);
        Live.Apply(e);
    }

    private static string? Pick(List<string> held, int n) => held.Count == 0 ? null : held[n % held.Count];
}
