namespace Teraslice.Akka.Protocol.Executions;

/// <summary>The status of an execution (ex), with Teraslice's names on the wire.</summary>
public enum ExecutionStatus
{
    Pending,
    Scheduling,
    Initializing,
    Recovering,
    Running,
    Failing,
    Paused,
    Stopping,
    Completed,
    Stopped,
    Rejected,
    Failed,
    Terminated,
}

/// <summary>Groups, wire names and the transition rules of <see cref="ExecutionStatus"/>.</summary>
public static class ExecutionStatuses
{
    private static readonly string[] WireNames =
    [
        "pending", "scheduling", "initializing", "recovering", "running", "failing", "paused",
        "stopping", "completed", "stopped", "rejected", "failed", "terminated",
    ];

    public static IReadOnlyList<string> All => WireNames;

    public static string ToWire(this ExecutionStatus status) => WireNames[(int)status];

    public static bool TryParse(string? text, out ExecutionStatus status)
    {
        var index = text is null ? -1 : Array.IndexOf(WireNames, text.Trim().ToLowerInvariant());
        status = index < 0 ? default : (ExecutionStatus)index;
        return index >= 0;
    }

    public static ExecutionStatus Parse(string text) =>
        TryParse(text, out var status) ? status : throw new FormatException($"unknown execution status \"{text}\"");

    /// <summary>pending, scheduling, initializing.</summary>
    public static bool IsInit(this ExecutionStatus s) => s <= ExecutionStatus.Initializing;

    /// <summary>recovering, running, failing, paused, stopping.</summary>
    public static bool IsRunning(this ExecutionStatus s) => s is >= ExecutionStatus.Recovering and <= ExecutionStatus.Stopping;

    /// <summary>completed, stopped, rejected, failed, terminated.</summary>
    public static bool IsTerminal(this ExecutionStatus s) => s >= ExecutionStatus.Completed;

    /// <summary>Init or running: the execution still has (or will have) a controller.</summary>
    public static bool IsLiving(this ExecutionStatus s) => !s.IsTerminal();

    public static IEnumerable<ExecutionStatus> Living =>
        Enum.GetValues<ExecutionStatus>().Where(s => s.IsLiving());

    /// <summary>The wire names of <see cref="Living"/>, for store filters.</summary>
    public static IReadOnlyList<string> LivingWire { get; } = Living.Select(s => s.ToWire()).ToArray();

    /// <summary>
    /// Teraslice's transition guard: the same status is always fine; running never goes back to
    /// init; terminal is final except stopped → completed (a stop racing with completion).
    /// Returns null when allowed, else the reason.
    /// </summary>
    public static string? CheckTransition(ExecutionStatus from, ExecutionStatus to)
    {
        if (from == to) return null;
        if (from == ExecutionStatus.Stopped && to == ExecutionStatus.Completed) return null;
        if (from.IsTerminal())
            return $"Cannot update terminal job status of \"{from.ToWire()}\" to \"{to.ToWire()}\"";
        if (from.IsRunning() && to.IsInit())
            return $"Cannot update running job status of \"{from.ToWire()}\" to init status of \"{to.ToWire()}\"";
        return null;
    }
}
