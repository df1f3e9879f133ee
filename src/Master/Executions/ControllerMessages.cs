using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

// Messages between the cluster master and its execution controller children. Both live in the
// same process (a controller is a child of the singleton), so these are never serialized.

/// <summary>Controller → master: place this many more workers for the execution.</summary>
internal sealed record RequestWorkers(string ExId, string JobId, string ExConfigJson, int Count);

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
