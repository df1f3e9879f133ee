using Akka.Actor;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Cluster;

// The cluster master's messages to itself (never sent between nodes).

/// <summary>A command waiting for (or holding) its lane; <see cref="Lane"/> null: it needs none.</summary>
internal sealed record PendingCommand(IMasterRequest Command, IActorRef ReplyTo, string? Lane);

/// <summary>The lane of a command that named only an execution, read from the store.</summary>
internal sealed record LaneFound(PendingCommand Command, string Lane);

/// <summary>A handler's decision (or its fault) for a command.</summary>
internal sealed record Decided(PendingCommand Pending, Decision? Decision, Exception? Fault);

internal sealed record LoadLiving
{
    public static readonly LoadLiving Instance = new();
}

internal sealed record LivingLoaded(IReadOnlyList<ExecutionRecord> Living);

internal sealed record PruneNodes
{
    public static readonly PruneNodes Instance = new();
}

internal sealed record RestartController(string ExId);

internal sealed record RestartFailed(string ExId, Exception Cause);

/// <summary>An execution's stored record read for a restart of its controller (null: it is gone).</summary>
internal sealed record StartStored(ExecutionRecord? Ex);

/// <summary>Time for a scheduled garbage collection (<see cref="GcSettings.Interval"/>).</summary>
internal sealed record GcTick
{
    public static readonly GcTick Instance = new();
}
