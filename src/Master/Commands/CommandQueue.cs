namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// When each command of the cluster master may run: one after another within its lane
/// (<see cref="CommandLanes{T}"/>), and a garbage collection apart from the commands that may
/// create a recovery (<see cref="GcExclusion{T}"/>). Not thread-safe (the cluster master's state).
/// </summary>
/// <param name="laneOf">The command's lane (null: it needs none).</param>
/// <param name="standingOf">How the command stands to a garbage collection.</param>
public sealed class CommandQueue<T>(Func<T, string?> laneOf, Func<T, GcStanding> standingOf) where T : notnull
{
    private readonly CommandLanes<T> _lanes = new();
    private readonly GcExclusion<T> _gc = new();

    /// <summary>Whether a command of <paramref name="lane"/> runs or waits.</summary>
    public bool IsBusy(string lane) => _lanes.IsBusy(lane);

    /// <summary>A new command: it is returned when it may run now, otherwise it waits.</summary>
    public IReadOnlyList<T> Enter(T command) =>
        laneOf(command) is not { } lane || _lanes.Enter(lane, command) ? Begin(command) : [];

    /// <summary>A command that ran has finished: the commands that may run now.</summary>
    public IReadOnlyList<T> Finished(T command)
    {
        var ready = new List<T>(_gc.Finished(standingOf(command)));
        if (laneOf(command) is { } lane && _lanes.TryLeave(lane, out var next)) ready.AddRange(Begin(next));
        return ready;
    }

    // its lane's turn: it runs unless a garbage collection and it must not run side by side
    private IReadOnlyList<T> Begin(T command) => _gc.TryStart(command, standingOf(command)) ? [command] : [];
}
