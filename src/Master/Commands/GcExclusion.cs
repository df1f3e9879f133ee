namespace Teraslice.Akka.Master.Commands;

/// <summary>How a command stands to a garbage collection.</summary>
public enum GcStanding
{
    /// <summary>Runs whenever its lane lets it.</summary>
    Unrelated,

    /// <summary>A garbage collection.</summary>
    Collection,

    /// <summary>May create an execution that recovers another (<c>_recover</c>, <c>_start</c> of an autorecover job).</summary>
    MayRecover,
}

/// <summary>
/// Keeps a garbage collection apart from the commands that may create a recovery: a recovery
/// created while the collection runs could point at an execution whose journal is being deleted
/// (the collection decided before the recovery was stored). Recoveries under way finish before a
/// collection starts; the ones that arrive while it waits or runs are held until it ends. One
/// collection at a time (the master gives them one lane). Not thread-safe (the cluster master's state).
/// </summary>
public sealed class GcExclusion<T>
{
    private enum Phase
    {
        Open,
        CollectionWaiting,
        Collecting,
    }

    private readonly Queue<T> _held = new();
    private Phase _phase = Phase.Open;
    private int _recoveries;
    private T? _waitingCollection;

    /// <summary>Commands held until a collection ends.</summary>
    public int Held => _held.Count + (_phase == Phase.CollectionWaiting ? 1 : 0);

    /// <summary>True: run <paramref name="command"/> now. False: it is held, and a later <see cref="Finished"/> hands it back to run.</summary>
    /// <exception cref="InvalidOperationException">A second collection while one waits or runs.</exception>
    public bool TryStart(T command, GcStanding standing)
    {
        switch (standing)
        {
            case GcStanding.MayRecover when _phase == Phase.Open:
                _recoveries++;
                return true;
            case GcStanding.MayRecover:
                _held.Enqueue(command);
                return false;
            case GcStanding.Collection when _phase != Phase.Open:
                throw new InvalidOperationException("a garbage collection is waiting or running already");
            case GcStanding.Collection when _recoveries > 0:
                _phase = Phase.CollectionWaiting;
                _waitingCollection = command;
                return false;
            case GcStanding.Collection:
                _phase = Phase.Collecting;
                return true;
            default:
                return true;
        }
    }

    /// <summary>A command that was started has finished: the commands to run now (held ones), if any.</summary>
    public IReadOnlyList<T> Finished(GcStanding standing)
    {
        switch (standing)
        {
            case GcStanding.MayRecover:
                _recoveries--;
                if (_phase != Phase.CollectionWaiting || _recoveries > 0) return [];
                _phase = Phase.Collecting;
                var collection = _waitingCollection!;
                _waitingCollection = default;
                return [collection];
            case GcStanding.Collection:
                _phase = Phase.Open;
                var released = _held.ToList();
                _held.Clear();
                _recoveries += released.Count;
                return released;
            default:
                return [];
        }
    }
}
