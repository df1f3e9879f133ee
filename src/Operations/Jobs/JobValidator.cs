using System.Text.Json.Nodes;

namespace Teraslice.Akka.Operations;

/// <summary>A job spec that failed validation; the message names the job or operation and the field.</summary>
public sealed class JobValidationException(string message) : Exception(message);

/// <summary>A job that passed validation.</summary>
/// <param name="ExConfig">The spec with every default filled: what an execution stores and runs.</param>
/// <param name="Warnings">Deprecation warnings, returned on submit.</param>
public sealed record ValidatedJob(JsonObject ExConfig, JobConfig Job, IReadOnlyList<string> Warnings);

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
            exOperations.Add(ConfigBinder.WithDefaults(rawOp, config));
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
        return new ValidatedJob(ex, job, []);
    }

    private static JobValidationException JobError(string name, IEnumerable<string> errors) =>
        new($"Validation failed for job config: {name} - {string.Join("; ", errors)}");

    private static JobValidationException OpError(string op, IEnumerable<string> errors) =>
        new($"Validation failed for operation config: {op} - {string.Join("; ", errors)}");
}
