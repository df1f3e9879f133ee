using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations;

/// <summary>
/// A validated execution config bound to its operations: creates the slicers (on the master) and
/// the pipelines (on the workers).
/// </summary>
public sealed class ExecutionPlan
{
    private readonly IReadOnlyList<(OperationDefinition Definition, OpConfig Config)> _operations;
    private readonly IReadOnlyList<(IApiDefinition Definition, ApiConfig Config)> _apis;

    private ExecutionPlan(ExecutionInfo execution, IReadOnlyList<(OperationDefinition, OpConfig)> operations,
        IReadOnlyList<(IApiDefinition, ApiConfig)> apis)
    {
        Execution = execution;
        _operations = operations;
        _apis = apis;
    }

    public ExecutionInfo Execution { get; }

    /// <summary>Binds every operation of a validated execution config; throws <see cref="JobValidationException"/> if one no longer binds.</summary>
    public static ExecutionPlan Create(JsonObject exConfig, OperationRegistry registry)
    {
        var execution = ExecutionInfo.FromExConfig(exConfig);
        var operations = new List<(OperationDefinition, OpConfig)>();
        foreach (var raw in execution.Operations)
        {
            var op = (string?)raw["_op"] ?? "";
            var definition = registry.Find(op) ?? throw new JobValidationException($"Unable to find module for operation: {op}");
            var config = (OpConfig?)ConfigBinder.Bind(definition.ConfigType, raw, out var errors)
                ?? throw new JobValidationException($"Validation failed for operation config: {op} - {string.Join("; ", errors)}");
            operations.Add((definition, config));
        }
        if (operations.Count < 2 || operations[0].Item1 is not IReaderDefinition)
            throw new JobValidationException("Validation failed for job config: the first operation must be a reader");
        var apis = new List<(IApiDefinition, ApiConfig)>();
        foreach (var raw in exConfig["apis"] is JsonArray entries ? entries.OfType<JsonObject>() : [])
        {
            var name = (string?)raw["_name"] ?? "";
            if (registry.Find(name) is not IApiDefinition definition)
                throw new JobValidationException($"Unable to find module for api: {name}");
            var config = (ApiConfig?)ConfigBinder.Bind(((OperationDefinition)definition).ConfigType, raw, out var errors)
                ?? throw new JobValidationException($"Validation failed for api config: {name} - {string.Join("; ", errors)}");
            apis.Add((definition, config));
        }
        return new ExecutionPlan(execution, operations, apis);
    }

    public ISlicer CreateSlicer(int slicerId, ILogger logger)
    {
        var (definition, config) = _operations[0];
        return ((IReaderDefinition)definition).CreateSlicer(config, new SlicerContext(Execution, slicerId, logger));
    }

    public SlicePipeline CreatePipeline(string workerId, ILogger logger)
    {
        var apis = new ApiRegistry();
        var context = new WorkerContext(Execution, workerId, logger) { Apis = apis };
        foreach (var (definition, config) in _apis) apis.Add(config.Name, definition.CreateApi(config, context));
        var (readerDefinition, readerConfig) = _operations[0];
        var fetcher = ((IReaderDefinition)readerDefinition).CreateFetcher(readerConfig, context);
        var processors = _operations.Skip(1)
            .Select(op => ((IProcessorDefinition)op.Definition).CreateProcessor(op.Config, context))
            .ToList();
        return new SlicePipeline(fetcher, processors, Execution.MaxRetries, logger, apis);
    }
}
