using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// What a command that acts on a living execution becomes for its controller: the message (sent
/// with the asker as its sender, so the controller answers it), and the answer due at once if any.
/// </summary>
/// <param name="Message">For the controller; null: nothing to send.</param>
/// <param name="AnswerNow">For the asker now; null: the controller answers.</param>
internal sealed record ControllerCommand(object? Message, object? AnswerNow)
{
    /// <summary>
    /// The message for a living execution's controller (<paramref name="hasController"/>), or the
    /// answer when it has none now (it is being restarted): a stop is then recorded in the store by
    /// the caller (<see cref="RecordsStop"/>), anything else is refused.
    /// </summary>
    public static ControllerCommand For(IMasterRequest command, string exId, bool hasController, IActorRef asker, TimeSpan defaultStopTimeout) =>
        (command, hasController) switch
        {
            (StopExecution or KillJob, false) => new(null, null),
            // a kill stops at once and answers when the execution has stopped
            (KillJob, true) => new(new StopCommand(true, defaultStopTimeout, asker), null),
            (StopExecution stop, true) => new(
                new StopCommand(stop.Force, stop.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaultStopTimeout, stop.Blocking ? asker : null),
                // blocking: the controller answers the asker when the execution is terminal
                stop.Blocking ? null : JsonReplies.Of(new JsonObject { ["status"] = ExecutionStatus.Stopping.ToWire() })),
            (_, false) => new(null, Rejections.NotAvailableTo(exId, CommandHandlers.VerbOf(command))),
            (PauseExecution, true) => new(PauseCommand.Instance, null),
            (ResumeExecution, true) => new(ResumeCommand.Instance, null),
            (ChangeWorkers change, true) => new(new WorkersCommand(change.Change, change.Count), null),
            _ => throw new InvalidOperationException($"{command.GetType().Name} does not go to a controller"),
        };

    /// <summary>A stop of an execution without a controller: the caller records it in the store.</summary>
    public bool RecordsStop => Message is null && AnswerNow is null;
}
