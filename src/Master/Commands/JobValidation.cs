using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// Validates a job with the operations of its assets: resolves its <c>assets</c> references to ids,
/// loads them, validates, and stores in the execution config the ids (and pins to ids), so the
/// execution runs exactly these bundles whatever is uploaded later.
/// </summary>
public sealed class JobValidation(AssetCatalog assets)
{
    /// <summary>Fields of a stored job that are the store's, not the user's: dropped before a job is validated again.</summary>
    public static readonly IReadOnlyList<string> MetadataFields = ["job_id", "_context", "_created", "_updated", "_deleted", "_deleted_on", "_killed", "_killed_on"];

    public async Task<(ValidatedJob? Job, Rejection? Problem)> ValidateAsync(JsonObject spec, CancellationToken ct = default)
    {
        var references = new List<string>();
        if (spec["assets"] is JsonArray entries)
        {
            foreach (var entry in entries)
            {
                if (entry is JsonValue v && v.TryGetValue<string>(out var text) && text.Trim().Length > 0) references.Add(text.Trim());
                else return (null, Rejections.BadAssetEntry(spec.Str("name") ?? "Custom Job", entry?.ToJsonString() ?? "null"));
            }
        }
        var (ids, problem) = await assets.ResolveAsync(references, ct);
        if (problem is not null) return (null, problem);
        try
        {
            var registry = await assets.ForAssetsAsync(ids, ct);
            var validated = new JobValidator(registry).Validate(spec);
            if (ids.Count > 0) validated.ExConfig["assets"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray());
            PinToIds(validated.ExConfig["operations"] as JsonArray, "_op", registry);
            PinToIds(validated.ExConfig["apis"] as JsonArray, "_name", registry);
            return (validated, null);
        }
        catch (JobValidationException e)
        {
            return (null, Rejection.BadRequest(e.Message));
        }
    }

    /// <summary>Validates a stored job again (its metadata fields dropped).</summary>
    public Task<(ValidatedJob? Job, Rejection? Problem)> ValidateStoredAsync(JobRecord job, CancellationToken ct = default) =>
        ValidateAsync(WithoutMetadata(job.ToDocument()), ct);

    /// <summary>The job document without the store's fields (removed in place).</summary>
    public static JsonObject WithoutMetadata(JsonObject job)
    {
        foreach (var field in MetadataFields) job.Remove(field);
        return job;
    }

    /// <summary>Adds the validation's deprecation warnings to a reply.</summary>
    public static void AddWarnings(JsonObject reply, ValidatedJob validated)
    {
        if (validated.Warnings.Count > 0) reply["warnings"] = new JsonArray(validated.Warnings.Select(w => (JsonNode)w.DeepClone()).ToArray());
    }

    /// <summary>op@name[:version] → op@&lt;asset id&gt; (an API's :tag after the version is kept).</summary>
    private static void PinToIds(JsonArray? entries, string key, OperationRegistry registry)
    {
        foreach (var entry in entries?.OfType<JsonObject>() ?? [])
        {
            if (entry.Str(key) is not { } name || name.IndexOf('@') is var at && at < 0) continue;
            var pin = name[(at + 1)..];
            if (registry.PinnedAsset(pin) is not { } asset) continue;
            var parts = pin.Split(':');
            var tag = parts.Length > 2 ? ":" + string.Join(':', parts[2..]) : "";
            entry[key] = $"{name[..at]}@{asset.Id}{tag}";
        }
    }
}
