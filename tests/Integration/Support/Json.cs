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

    public static readonly string[] Init = ["pending", "scheduling", "initializing"];
    public static readonly string[] Running = ["recovering", "running", "failing", "paused", "stopping"];
    public static readonly string[] Terminal = ["completed", "stopped", "rejected", "failed", "terminated"];

    /// <summary>Init and running statuses: an execution that has not ended.</summary>
    public static readonly string[] Living = [.. Init, .. Running];

    public static bool IsTerminal(string status) => Terminal.Contains(status);

    public static bool IsInit(string status) => Init.Contains(status);

    public static bool IsRunning(string status) => Running.Contains(status);

    public static bool IsLiving(string status) => Living.Contains(status);

    /// <summary>
    /// teraslice-notes §3.2: a change to a status outside the enum is wrong; running never goes
    /// back to init; a terminal status is final, except stopped → completed (a stop racing with
    /// the natural end). Returns null when <paramref name="from"/> → <paramref name="to"/> is allowed.
    /// </summary>
    public static string? TransitionViolation(string from, string to)
    {
        if (!Living.Contains(to) && !Terminal.Contains(to)) return $"\"{to}\" is not an execution status";
        if (from == to) return null;
        if (from == "stopped" && to == "completed") return null;
        if (IsTerminal(from)) return $"terminal \"{from}\" changed to \"{to}\"";
        if (IsRunning(from) && IsInit(to)) return $"running status \"{from}\" went back to init status \"{to}\"";
        return null;
    }
}

/// <summary>Field checks that list everything missing at once.</summary>
public static class Fields
{
    /// <summary>Asserts that <paramref name="o"/> has every one of <paramref name="fields"/> (values may be null).</summary>
    public static void ShouldHave(JsonObject o, string what, params string[] fields)
    {
        var missing = fields.Where(f => !o.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"{what} should have the documented field(s) {string.Join(", ", missing)}: {o.ToJsonString()}");
    }

    /// <summary>Asserts that <paramref name="o"/> has exactly <paramref name="fields"/>, in any order.</summary>
    public static void ShouldBeExactly(JsonObject o, string what, params string[] fields)
    {
        var keys = o.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(keys.SequenceEqual(fields.Order(StringComparer.Ordinal)),
            $"{what} should have exactly the fields {string.Join(", ", fields)}: {o.ToJsonString()}");
    }
}
