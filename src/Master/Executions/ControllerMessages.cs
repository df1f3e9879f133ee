using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

// Messages between the cluster master and its execution controller children. Both live in the
// same process (a controller is a child of the singleton), so these are never serialized.

/// <summary>Controller → master: place this many more workers for the execution.</summary>
internal sealed record RequestWorkers(ExecutionRecord Execution, int Count);

/// <summary>Master → controller: workers were asked of node agents (the agents answer the controller).</summary>
internal sealed record WorkersRequested(int Count);

/// <summary>Master → controller: stop the execution; answer <see cref="ReplyTo"/> (if any) when it is terminal.</summary>
internal sealed record StopCommand(bool Force, TimeSpan Timeout, IActorRef? ReplyTo);

/// <summary>Master → controller: reply with <see cref="ControllerStats"/>.</summary>
internal sealed record GetStats
{
    public static readonly GetStats Instance = new();
}

/// <summary>The controller stats item (Teraslice's shape, with ex_id, job_id, name).</summary>
internal sealed record ControllerStats(JsonObject Item);

/// <summary>Controller → master, just before it stops: the execution reached a terminal status, with its final counters.</summary>
internal sealed record ExecutionEnded(string ExId, ExecutionStatus Status, JsonObject Stats);

/// <summary>Master → controller (forwarded, so the sender is the asker): pause; answers {status} or a Rejection.</summary>
internal sealed record PauseCommand
{
    public static readonly PauseCommand Instance = new();
}

/// <summary>Master → controller (forwarded): resume; answers {status} or a Rejection.</summary>
internal sealed record ResumeCommand
{
    public static readonly ResumeCommand Instance = new();
}

/// <summary>Master → controller (forwarded): change the number of workers; answers {message} or a Rejection.</summary>
internal sealed record WorkersCommand(Teraslice.Akka.Protocol.Api.WorkerChange Change, int Count);

/// <summary>Master → controller: the end is recorded; the controller may stop (it answers stats until then).</summary>
internal sealed record EndedAck
{
    public static readonly EndedAck Instance = new();
}

// The controller's messages to itself.

internal sealed record Begin
{
    public static readonly Begin Instance = new();
}

/// <summary>The final record is written.</summary>
internal sealed record Ended
{
    public static readonly Ended Instance = new();
}

/// <summary>A controller's timer (each is also its own timer key).</summary>
internal sealed record Tick(string Name)
{
    public static readonly Tick TopUp = new("top-up");
    public static readonly Tick Stats = new("stats");
    public static readonly Tick Attach = new("attach");
    public static readonly Tick StopTimeout = new("stop-timeout");
    public static readonly Tick SlicersStopTimeout = new("slicers-stop-timeout");
    public static readonly Tick Probation = new("probation");
}
