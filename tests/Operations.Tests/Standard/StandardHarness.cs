using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Standard;

// Test operations (public so the registry finds them): a reader that hands a slice the records a
// test gave it, and a last processor that keeps what reached it.

public sealed class MemoryReader : ReaderDefinition<EmptyOpConfig, MemoryReaderSlicer, MemoryReaderFetcher>
{
    public override string Name => "memory_reader";
}

public sealed class MemoryReaderSlicer : Slicer<EmptyOpConfig>
{
    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct) => ValueTask.FromResult(SliceResult.Done);
}

public sealed class MemoryReaderFetcher : Fetcher<EmptyOpConfig>
{
    public override ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct) =>
        // a copy per attempt, so that a retried slice starts from the same records
        ValueTask.FromResult(Harness.Inputs[Harness.BatchOf(slice)].Select(r => r.Clone()).ToList());
}

public sealed class Capture : ProcessorDefinition<EmptyOpConfig, CaptureProcessor>
{
    public override string Name => "capture";
}

public sealed class CaptureProcessor : BatchProcessor<EmptyOpConfig>
{
    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        Harness.Outputs[Harness.BatchOf(slice)] = [.. data];
        return ValueTask.FromResult(data);
    }
}

/// <summary>A clock tests move by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Runs operations through a real validated plan: memory_reader → the operations → capture.</summary>
internal static class Harness
{
    public static readonly OperationRegistry Registry =
        OperationRegistry.FromAssemblies(typeof(BuiltinOperations).Assembly, typeof(Harness).Assembly);

    public static readonly ConcurrentDictionary<string, List<DataEntity>> Inputs = new();
    public static readonly ConcurrentDictionary<string, List<DataEntity>> Outputs = new();

    public static string BatchOf(SliceContext slice) => slice.Request.Root.GetProperty("batch").GetString()!;

    public static JsonObject Job(string operations, string apis = "[]", string lifecycle = "once", int maxRetries = 0) =>
        (JsonObject)JsonNode.Parse($$"""{"name":"std","lifecycle":"{{lifecycle}}","workers":1,"max_retries":{{maxRetries}},"apis":{{apis}},"operations":[{"_op":"memory_reader"},{{operations}},{"_op":"capture"}]}""")!;

    public static ValidatedJob Validate(string operations, string apis = "[]") =>
        new JobValidator(Registry, 1).Validate(Job(operations, apis));

    /// <summary>The validation error of a job with these operations.</summary>
    public static string Error(string operations, string apis = "[]") =>
        Assert.Throws<JobValidationException>(() => Validate(operations, apis)).Message;

    /// <summary>The operation config as validated: defaults filled.</summary>
    public static JsonObject ValidatedOp(string operation) => (JsonObject)Validate(operation).ExConfig["operations"]![1]!;

    public static async Task<Run> StartAsync(string operations, string apis = "[]", int maxRetries = 0)
    {
        var ex = new JobValidator(Registry, 1).Validate(Job(operations, apis, maxRetries: maxRetries)).ExConfig;
        ex["ex_id"] = "ex-std";
        ex["job_id"] = "job-std";
        var pipeline = ExecutionPlan.Create(ex, Registry).CreatePipeline("w", NullLogger.Instance);
        await pipeline.InitializeAsync(default);
        return new Run(pipeline);
    }

    /// <summary>One slice of these records through the operations; fails the test if the slice fails.</summary>
    public static async Task<List<DataEntity>> ProcessAsync(string operations, params DataEntity[] records)
    {
        await using var run = await StartAsync(operations);
        var (outcome, output) = await run.SliceAsync(records);
        Assert.True(outcome.Succeeded, outcome.Error);
        return output;
    }

    /// <summary>Binds a config as the job validator does (defaults, validation) for tests that drive a processor directly.</summary>
    public static T Bind<T>(string json) where T : OpConfig =>
        ConfigBinder.Bind<T>((JsonObject)JsonNode.Parse(json)!, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));

    public static WorkerContext Context() =>
        new(ExecutionInfo.FromExConfig(new JsonObject { ["ex_id"] = "ex", ["lifecycle"] = "once" }), "w", NullLogger.Instance);

    public static SliceContext Slice(long order = 1) => new("s" + order, 0, order, new SliceRequest("{}"), 0);

    /// <summary>A record from JSON, with optional metadata.</summary>
    public static DataEntity R(string json, object? key = null, string? route = null)
    {
        var record = DataEntityJson.Parse(json);
        record.Key = key;
        if (route is not null) record.SetMetadata("standard:route", route);
        return record;
    }

    public static List<object?> Values(IEnumerable<DataEntity> records, string field) => records.Select(r => r.Get(field)).ToList();
}

internal sealed class Run(SlicePipeline pipeline) : IAsyncDisposable
{
    private long _order;

    public SlicePipeline Pipeline { get; } = pipeline;

    public async Task<(SliceOutcome Outcome, List<DataEntity> Output)> SliceAsync(IEnumerable<DataEntity> records)
    {
        var batch = Guid.NewGuid().ToString("N");
        Harness.Inputs[batch] = records.ToList();
        var outcome = await Pipeline.RunAsync(new SliceContext("s" + ++_order, 0, _order, new SliceRequest($$"""{"batch":"{{batch}}"}"""), 0), default);
        Harness.Inputs.TryRemove(batch, out _);
        Harness.Outputs.TryRemove(batch, out var output);
        return (outcome, output ?? []);
    }

    public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
}
