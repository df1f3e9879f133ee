using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Executions;

/// <summary>Who waits for an execution's stop (blocking stops), answered once it is terminal and written.</summary>
internal sealed class StopWaiters(string exId)
{
    private readonly List<IActorRef> _waiting = [];
    private bool _forced;

    public void Add(StopCommand stop)
    {
        if (stop.ReplyTo is not null) _waiting.Add(stop.ReplyTo);
        _forced |= stop.Force;
    }

    /// <summary>Answers everyone waiting with <paramref name="status"/> (Teraslice's force-stop message when a stop was forced).</summary>
    public void Answer(ExecutionStatus status)
    {
        var body = new JsonObject();
        if (_forced) body["message"] = $"Force stop complete for exId {exId}";
        body["status"] = status.ToWire();
        var reply = JsonReplies.Of(body);
        foreach (var replyTo in _waiting) replyTo.Tell(reply);
        _waiting.Clear();
    }
}
