using System.Text.Json.Nodes;

namespace Teraslice.Akka.Operations;

/// <summary>A job spec that failed validation; the message names the job or operation and the field.</summary>
public sealed class JobValidationException(string message) : Exception(message);

/// <summary>A job that passed validation.</summary>
/// <param name="ExConfig">The spec with every default filled: what an execution stores and runs.</param>
/// <param name="Warnings">Deprecation warnings, returned on submit as Teraslice's JobWarning objects.</param>
public sealed record ValidatedJob(JsonObject ExConfig, JobConfig Job, IReadOnlyList<JsonObject> Warnings);

/// <summary>
/// Validates a job spec as Teraslice does: the top-level schema, then each operation against its
/// own config schema, then cross-checks. Unknown top-level keys are kept.
/// </summary>
public sealed class JobValidator(OperationRegistry registry, int? processorCount = null)
{
    private readonly int _defaultWorkers = Math.Min(processorCount ?? Environment.ProcessorCount, 5);

    public ValidatedJob Validate(JsonObject spec)
    {
        var name = spec["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : "Custom Job";
        var job = ConfigBinder.Bind<JobConfig>(spec, out var errors);
        if (job is null) throw JobError(name, errors);
        job = job with { Workers = job.Workers ?? _defaultWorkers };

        var operations = job.Operations;
        if (operations.Count < 2)
            throw JobError(name, ["operations: must have at least two operations (a reader and a processor)"]);

        var warnings = new List<JsonObject>();
        var exApis = new JsonArray();
        var apiNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < job.Apis.Count; i++)
        {
            if (job.Apis[i] is not JsonObject rawApi)
                throw JobError(name, [$"apis[{i}]: must be an object, got {job.Apis[i]?.ToJsonString() ?? "null"}"]);
            var apiName = rawApi["_name"] is JsonValue n2 && n2.TryGetValue<string>(out var an) ? an : null;
            if (string.IsNullOrWhiteSpace(apiName)) throw JobError(name, [$"apis[{i}]._name: is required and must be a string"]);
            if (!apiNames.Add(apiName)) throw JobError(name, [$"apis[{i}]._name: \"{apiName}\" is used twice; each api needs its own _name"]);
            var apiDefinition = registry.Find(apiName);
            if (apiDefinition is not IApiDefinition) throw new JobValidationException($"Unable to find module for api: {apiName}");
            var apiConfig = ConfigBinder.Bind(apiDefinition.ConfigType, rawApi, out var apiErrors)
                ?? throw new JobValidationException($"Validation failed for api config: {apiName} - {string.Join("; ", apiErrors)}");
            exApis.Add(ConfigBinder.WithDefaults(rawApi, apiConfig));
            foreach (var (field, description) in apiDefinition.Deprecations(rawApi))
                warnings.Add(Warning("assetAPIProperty", field, description, "api_name", apiName));
        }

        var exOperations = new JsonArray();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject rawOp)
                throw JobError(name, [$"operations[{i}]: must be an object, got {operations[i]?.ToJsonString() ?? "null"}"]);
            var op = rawOp["_op"] is JsonValue opValue && opValue.TryGetValue<string>(out var o) ? o : null;
            if (string.IsNullOrWhiteSpace(op))
                throw JobError(name, [$"operations[{i}]._op: is required and must be a string"]);
            var definition = registry.Find(op) ?? throw new JobValidationException($"Unable to find module for operation: {op}");
            var expected = i == 0 ? OperationKind.Reader : OperationKind.Processor;
            if (definition.Kind != expected)
                throw OpError(op, [i == 0
                    ? "_op: the first operation must be a reader (a slicer and a fetcher)"
                    : "_op: only the first operation may be a reader"]);

            var config = (OpConfig?)ConfigBinder.Bind(definition.ConfigType, rawOp, out var opErrors);
            if (config is null) throw OpError(op, opErrors);
            if (config.ApiName is { } linked && !apiNames.Contains(linked))
                throw new JobValidationException($"Could not find the associated api for {linked}");
            exOperations.Add(ConfigBinder.WithDefaults(rawOp, config));
            foreach (var (field, description) in definition.Deprecations(rawOp))
                warnings.Add(Warning("assetOperation", field, description, "_op", op));
        }

        // cross-checks need every op bound, so they run after the loop
        for (var i = 0; i < operations.Count; i++)
        {
            var rawOp = (JsonObject)operations[i]!;
            var definition = registry.Find((string)rawOp["_op"]!)!;
            var config = (OpConfig)ConfigBinder.Bind(definition.ConfigType, rawOp, out _)!;
            var problems = definition.ValidateJob(config, job, i).ToList();
            if (problems.Count > 0) throw OpError(config.Op, problems);
        }

        var ex = ConfigBinder.WithDefaults(spec, job);
        ex["operations"] = exOperations;
        ex["apis"] = exApis;
        return new ValidatedJob(ex, job, warnings);
    }

    /// <summary>Teraslice's JobWarning: {type: "JobValidation", reason: {type, kind: "deprecation", reason: {field, description, _op | api_name}}}.</summary>
    private static JsonObject Warning(string type, string field, string description, string ownerKey, string owner) => new()
    {
        ["type"] = "JobValidation",
        ["reason"] = new JsonObject
        {
            ["type"] = type,
            ["kind"] = "deprecation",
            ["reason"] = new JsonObject { ["field"] = field, ["description"] = description, [ownerKey] = owner },
        },
    };

    private static JobValidationException JobError(string name, IEnumerable<string> errors) =>
        new($"Validation failed for job config: {name} - {string.Join("; ", errors)}");

    private static JobValidationException OpError(string op, IEnumerable<string> errors) =>
        new($"Validation failed for operation config: {op} - {string.Join("; ", errors)}");
}
