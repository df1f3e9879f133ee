using System.Text.Json;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// Whether two jobs are the same job, compared in canonical form (the order of an object's keys and
/// the spelling of numbers do not matter, everything else does), and the first place where they differ.
/// </summary>
public static class JobDifference
{
    /// <summary>The first difference between the stored job's spec and a submitted one, or null when they are the same job.</summary>
    /// <returns>A path and both values, e.g. <c>operations[0].size: 10 stored, 20 submitted</c>.</returns>
    public static string? Between(JsonObject stored, JsonObject submitted) => First(stored, submitted, "");

    private static string? First(JsonNode? stored, JsonNode? submitted, string path)
    {
        switch (stored, submitted)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var at = path.Length == 0 ? key : $"{path}.{key}";
                    if (!a.ContainsKey(key)) return $"{at}: absent stored, {Show(b[key])} submitted";
                    if (!b.ContainsKey(key)) return $"{at}: {Show(a[key])} stored, absent submitted";
                    if (First(a[key], b[key], at) is { } difference) return difference;
                }
                return null;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
                    if (First(a[i], b[i], $"{path}[{i}]") is { } difference) return difference;
                return a.Count == b.Count ? null : $"{Where(path)}: {a.Count} entries stored, {b.Count} submitted";
            default:
                return JsonNode.DeepEquals(stored, submitted) ? null : $"{Where(path)}: {Show(stored)} stored, {Show(submitted)} submitted";
        }
    }

    private static string Where(string path) => path.Length == 0 ? "the job" : path;

    // a long value is cut: the message names the difference, it does not repeat the job
    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
