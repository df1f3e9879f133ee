using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Files;

namespace Teraslice.Akka.Operations.Tests.Files;

// Test operations, public so the registry finds them in this assembly.

public sealed record FileSpecsSourceConfig : OpConfig
{
    public string Key { get; init; } = "";
}

/// <summary><c>file_specs_source</c>: one slice per list stored under <c>key</c> in <see cref="FileJobs.Sources"/>.</summary>
public sealed class FileSpecsSource : ReaderDefinition<FileSpecsSourceConfig, FileSpecsSourceSlicer, FileSpecsSourceFetcher>
{
    public override string Name => "file_specs_source";
}

public sealed class FileSpecsSourceSlicer : Slicer<FileSpecsSourceConfig>
{
    private int _next;

    public override ValueTask<SliceResult> SliceAsync(CancellationToken ct) =>
        ValueTask.FromResult(_next < FileJobs.Sources[Config.Key].Count ? SliceResult.One(new { index = _next++ }) : SliceResult.Done);
}

public sealed class FileSpecsSourceFetcher : Fetcher<FileSpecsSourceConfig>
{
    public override ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct) =>
        ValueTask.FromResult(FileJobs.Sources[Config.Key][(int)slice.Request.GetInt64("index")!.Value].Select(r => r.Clone()).ToList());
}

public sealed record FileSpecsSinkConfig : OpConfig
{
    public string Key { get; init; } = "";
}

/// <summary><c>file_specs_sink</c>: keeps every record it sees under <c>key</c> in <see cref="FileJobs.Sinks"/>.</summary>
public sealed class FileSpecsSink : ProcessorDefinition<FileSpecsSinkConfig, FileSpecsSinkProcessor>
{
    public override string Name => "file_specs_sink";
}

public sealed class FileSpecsSinkProcessor : BatchProcessor<FileSpecsSinkConfig>
{
    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        var bag = FileJobs.Sinks.GetOrAdd(Config.Key, _ => []);
        lock (bag) bag.AddRange(data);
        return ValueTask.FromResult(data);
    }
}

/// <summary>Runs jobs through real validated plans, and makes temporary folders.</summary>
internal static class FileJobs
{
    public static readonly OperationRegistry Registry =
        OperationRegistry.FromAssemblies(typeof(BuiltinOperations).Assembly, typeof(FileJobs).Assembly);

    public static readonly ConcurrentDictionary<string, List<List<DataEntity>>> Sources = new();
    public static readonly ConcurrentDictionary<string, List<DataEntity>> Sinks = new();

    public static ExecutionPlan Plan(string operations, string apis = "[]", int slicers = 1, int workers = 2)
    {
        var spec = (JsonObject)JsonNode.Parse($$"""{"name":"files","lifecycle":"once","workers":{{workers}},"slicers":{{slicers}},"max_retries":0,"apis":{{apis}},"operations":{{operations}}}""")!;
        var ex = new JobValidator(Registry).Validate(spec).ExConfig;
        ex["ex_id"] = "ex-files";
        ex["job_id"] = "job-files";
        return ExecutionPlan.Create(ex, Registry);
    }

    /// <summary>Every request the slicer with <paramref name="slicerId"/> cuts, after <paramref name="lastSlice"/> when recovering.</summary>
    public static async Task<List<string>> Cut(ExecutionPlan plan, int slicerId = 0, string? lastSlice = null)
    {
        await using var slicer = plan.CreateSlicer(slicerId, NullLogger.Instance);
        await slicer.InitializeAsync(lastSlice is null ? null : new SlicerRecovery(new SliceRequest(lastSlice)), default);
        var requests = new List<string>();
        while (requests.Count < 1_000_000)
        {
            var result = await slicer.SliceAsync(default);
            requests.AddRange(result.Requests.Select(SliceRequest.Serialize));
            if (result.IsDone) break;
        }
        return requests;
    }

    /// <summary>Runs the requests on one worker; returns the outcomes in order.</summary>
    public static async Task<List<SliceOutcome>> Run(ExecutionPlan plan, IEnumerable<string> requests, string workerId = "node-a__1")
    {
        await using var pipeline = plan.CreatePipeline(workerId, NullLogger.Instance);
        await pipeline.InitializeAsync(default);
        var outcomes = new List<SliceOutcome>();
        var order = 0;
        foreach (var request in requests)
        {
            order++;
            outcomes.Add(await pipeline.RunAsync(new SliceContext("s" + order, 0, order, new SliceRequest(request), 0), default));
        }
        return outcomes;
    }

    /// <summary>Cuts and runs a whole job; every slice must succeed.</summary>
    public static async Task<List<SliceOutcome>> RunJob(ExecutionPlan plan, string workerId = "node-a__1")
    {
        var outcomes = await Run(plan, await Cut(plan), workerId);
        foreach (var outcome in outcomes)
            if (!outcome.Succeeded) throw new Xunit.Sdk.XunitException("a slice failed: " + outcome.Error);
        return outcomes;
    }

    /// <summary>Reads a file or folder with file_reader and returns the records.</summary>
    public static async Task<List<DataEntity>> ReadAll(string readerJson)
    {
        var key = Guid.NewGuid().ToString("N");
        await RunJob(Plan($$"""[{{readerJson}},{"_op":"file_specs_sink","key":"{{key}}"}]"""));
        return Sinks.TryRemove(key, out var records) ? records : [];
    }

    /// <summary>Writes slices of records with file_exporter (or any processor json given).</summary>
    public static async Task WriteAll(List<List<DataEntity>> slices, string exporterJson, string apis = "[]", string workerId = "node-a__1")
    {
        var key = Guid.NewGuid().ToString("N");
        Sources[key] = slices;
        try
        {
            await RunJob(Plan($$"""[{"_op":"file_specs_source","key":"{{key}}"},{{exporterJson}}]""", apis), workerId);
        }
        finally
        {
            Sources.TryRemove(key, out _);
        }
    }

    public static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}

/// <summary>A fresh folder under the temp directory, deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "teraslice-files-" + Guid.NewGuid().ToString("N"));

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>The path as a JSON string literal.</summary>
    public string Json => FileJobs.Json(Path);

    public string[] Files(string pattern = "*") =>
        System.IO.Directory.GetFiles(Path, pattern, SearchOption.AllDirectories).Select(f => System.IO.Path.GetRelativePath(Path, f)).Order(StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
