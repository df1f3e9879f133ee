using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// What a command handler decided, for the cluster master to carry out: the handlers read and
/// write the store; only the master owns controllers, so what touches one comes back as a decision.
/// </summary>
public abstract record Decision
{
    /// <summary>Nothing left to do but answer (a <see cref="JsonReply"/> or a <see cref="Rejection"/>).</summary>
    public sealed record Answer(object Reply) : Decision;

    /// <summary>An execution was stored: start its controller, then answer.</summary>
    public sealed record ExecutionCreated(ExecutionRecord Execution, JsonReply Reply) : Decision;

    /// <summary>
    /// The command acts on this living execution's controller (stop, pause, resume, workers):
    /// the master hands it on, or answers what the rules say when the controller is missing.
    /// </summary>
    public sealed record ToController(ExecutionRecord Execution) : Decision;

    public static Decision Json(JsonNode body, bool created = false) => new Answer(JsonReplies.Of(body, created));

    public static implicit operator Decision(Rejection rejection) => new Answer(rejection);
}

/// <summary>Builds the wire replies.</summary>
public static class JsonReplies
{
    public static JsonReply Of(JsonNode body, bool created = false) => new(body.ToJsonString(), created);

    public static JsonReply Array(IEnumerable<JsonObject> items) => Of(new JsonArray(items.Select(i => (JsonNode)i).ToArray()));
}
