namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// Commands queued by lane: one at a time in a lane, any number of lanes at once. Not thread-safe
/// (the cluster master's state).
/// </summary>
public sealed class CommandLanes<T>
{
    private readonly Dictionary<string, Queue<T>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Lanes with a command running.</summary>
    public int Busy => _waiting.Count;

    /// <summary>Commands waiting behind a running one, over every lane.</summary>
    public int Queued => _waiting.Values.Sum(q => q.Count);

    /// <summary>Whether a command runs in the lane.</summary>
    public bool IsBusy(string lane) => _waiting.ContainsKey(lane);

    /// <summary>True when the lane was free: run <paramref name="command"/> now. Else it waits its turn.</summary>
    public bool Enter(string lane, T command)
    {
        if (_waiting.TryGetValue(lane, out var queue))
        {
            queue.Enqueue(command);
            return false;
        }
        _waiting[lane] = new Queue<T>();
        return true;
    }

    /// <summary>The lane's running command finished: the next one to run, or false when the lane is free again.</summary>
    public bool TryLeave(string lane, out T next)
    {
        if (_waiting.TryGetValue(lane, out var queue) && queue.TryDequeue(out next!)) return true;
        _waiting.Remove(lane);
        next = default!;
        return false;
    }
}
