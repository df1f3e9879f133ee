using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>Reading fields of the API's JSON with failures that say which field of what was wrong.</summary>
public static class Json
{
    public static string Str(JsonObject o, string field) =>
        o[field] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new Xunit.Sdk.XunitException($"\"{field}\" should be a string in {o.ToJsonString()}");

    public static long Long(JsonObject o, string field) =>
        o[field] is JsonValue v && v.TryGetValue<long>(out var l)
            ? l
            : throw new Xunit.Sdk.XunitException($"\"{field}\" should be an integer in {o.ToJsonString()}");

    public static DateTimeOffset Date(JsonObject o, string field) =>
        o[field] is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, out var d)
            ? d
            : throw new Xunit.Sdk.XunitException($"\"{field}\" should be an ISO-8601 date in {o.ToJsonString()}");

    public static JsonObject Obj(JsonObject o, string field) =>
        o[field] as JsonObject ?? throw new Xunit.Sdk.XunitException($"\"{field}\" should be an object in {o.ToJsonString()}");

    /// <summary>_slicer_stats of an execution record.</summary>
    public static JsonObject Stats(JsonObject ex) => Obj(ex, "_slicer_stats");
}

/// <summary>Teraslice's execution statuses, as the tests expect them (not the node's own definitions).</summary>
public static class ExecutionStatus
{
    /// <summary>The order an execution moves through (pending first).</summary>
    public static readonly string[] Lifecycle = ["pending", "scheduling", "initializing", "running", "completed"];

    public static bool IsTerminal(string status) => status is "completed" or "stopped" or "rejected" or "failed" or "terminated";
}
