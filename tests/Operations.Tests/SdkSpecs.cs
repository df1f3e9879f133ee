using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

// Test operations, public so the registry finds them in this assembly.

public sealed record TallyApiConfig : ApiConfig
{
    public int Start { get; init; }
}

/// <summary>An API shared by the operations of a worker: a counter.</summary>
public sealed class TallyApi : OperationApi<TallyApiConfig>, IDeadLetterApi
{
    public int Count { get; private set; }
    public List<string> Rejected { get; } = [];
    public bool Initialized { get; private set; }

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        Initialized = true;
        Count = Config.Start;
        return ValueTask.CompletedTask;
    }

    public void Add(int n) => Count += n;

    public void Reject(DataEntity record, Exception error, string op) => Rejected.Add($"{op}:{record["id"]}:{error.Message}");
}

public sealed class Tally : ApiDefinition<TallyApiConfig, TallyApi>
{
    public override string Name => "tally";
}

public sealed record TallyOpConfig : OpConfig
{
    [Deprecated("use nothing instead")]
    public string? OldOption { get; init; }
}

/// <summary>Adds the slice's record count to the API named by _api_name; rejects records with id 3; logs hooks.</summary>
public sealed class TallyProcessor : BatchProcessor<TallyOpConfig>
{
    public static readonly List<string> Hooks = [];

    public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        Context.Apis.Get<TallyApi>(Config.ApiName!).Add(data.Count);
        foreach (var record in data.ToList())
        {
            if ((long?)record.Get("id") != 3) continue;
            data.Remove(record);
            RejectRecord(record, new InvalidOperationException("no threes"));
        }
        return ValueTask.FromResult(data);
    }

    public override ValueTask OnSliceInitializedAsync(SliceContext slice, CancellationToken ct) => Log("initialized");
    public override ValueTask OnSliceStartedAsync(SliceContext slice, CancellationToken ct) => Log("started");
    public override ValueTask OnSliceFinalizingAsync(SliceContext slice, CancellationToken ct) => Log("finalizing");
    public override ValueTask OnSliceFinishedAsync(SliceContext slice, CancellationToken ct) => Log("finished");
    public override ValueTask OnSliceFailedAsync(SliceContext slice, Exception error, CancellationToken ct) => Log("failed");
    public override ValueTask OnSliceRetryAsync(SliceContext slice, Exception error, CancellationToken ct) => Log("retry");

    private static ValueTask Log(string hook)
    {
        lock (Hooks) Hooks.Add(hook);
        return ValueTask.CompletedTask;
    }
}

public sealed class TallyOp : ProcessorDefinition<TallyOpConfig, TallyProcessor>
{
    public override string Name => "tally_op";
}

[Collection("hooks")] // TallyProcessor.Hooks is shared
public sealed class SdkSpecs
{
    private static readonly OperationRegistry Registry =
        OperationRegistry.FromAssemblies(typeof(BuiltinOperations).Assembly, typeof(SdkSpecs).Assembly);

    private static JsonObject Job(string operations, string apis = """[{"_name":"tally","start":5}]""") =>
        (JsonObject)JsonNode.Parse($$"""{"name":"sdk","workers":1,"max_retries":1,"apis":{{apis}},"operations":{{operations}}}""")!;

    private static async Task<(SliceOutcome Outcome, TallyApi Api)> Run(JsonObject job)
    {
        var ex = new JobValidator(Registry).Validate(job).ExConfig;
        ex["ex_id"] = "ex";
        ex["job_id"] = "job";
        var plan = ExecutionPlan.Create(ex, Registry);
        await using var pipeline = plan.CreatePipeline("w", NullLogger.Instance);
        await pipeline.InitializeAsync(default);
        var slice = new SliceContext("s1", 0, 1, new SliceRequest("""{"start":1,"count":5}"""), 0);
        var outcome = await pipeline.RunAsync(slice, default);
        return (outcome, pipeline.Apis.Get<TallyApi>("tally"));
    }

    [Fact]
    public async Task An_operation_should_reach_its_api_by_name_and_the_api_should_be_initialized_once_per_worker()
    {
        var (outcome, api) = await Run(Job("""[{"_op":"bench_gen","slices":1,"size":5},{"_op":"tally_op","_api_name":"tally","_dead_letter_action":"none"}]"""));
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(api.Initialized);
        Assert.Equal(5 + 5, api.Count);
    }

    [Theory]
    [InlineData("none", true, 4, 0)]
    [InlineData("log", true, 4, 0)]
    [InlineData("tally", true, 4, 1)]
    [InlineData("throw", false, 0, 0)]
    public async Task Rejected_records_should_follow_the_dead_letter_action(string action, bool succeeds, long recordsOut, int toApi)
    {
        var (outcome, api) = await Run(Job($$"""[{"_op":"bench_gen","slices":1,"size":5},{"_op":"tally_op","_api_name":"tally","_dead_letter_action":"{{action}}"}]"""));
        Assert.Equal(succeeds, outcome.Succeeded);
        if (succeeds) Assert.Equal(recordsOut, outcome.Metrics.RecordsOut);
        else Assert.Contains("no threes", outcome.Error);
        Assert.Equal(toApi, api.Rejected.Count);
    }

    [Fact]
    public async Task Slice_hooks_should_run_in_Teraslice_order_with_retries()
    {
        lock (TallyProcessor.Hooks) TallyProcessor.Hooks.Clear();
        await Run(Job("""[{"_op":"bench_gen","slices":1,"size":5},{"_op":"tally_op","_api_name":"tally"}]"""));
        lock (TallyProcessor.Hooks)
            Assert.Equal(["initialized", "started", "retry", "initialized", "started", "failed"], TallyProcessor.Hooks);

        lock (TallyProcessor.Hooks) TallyProcessor.Hooks.Clear();
        await Run(Job("""[{"_op":"bench_gen","slices":1,"size":5},{"_op":"tally_op","_api_name":"tally","_dead_letter_action":"none"}]"""));
        lock (TallyProcessor.Hooks) Assert.Equal(["initialized", "started", "finalizing", "finished"], TallyProcessor.Hooks);
    }

    [Theory]
    [InlineData("""[{"_op":"bench_gen"},{"_op":"tally_op","_api_name":"nope"}]""", """[{"_name":"tally"}]""", "Could not find the associated api for nope")]
    [InlineData("""[{"_op":"bench_gen"},{"_op":"noop"}]""", """[{"_name":"nope"}]""", "Unable to find module for api: nope")]
    [InlineData("""[{"_op":"bench_gen"},{"_op":"noop"}]""", """[{"_name":"tally","start":"x"}]""", "Validation failed for api config: tally - start: must be an integer")]
    [InlineData("""[{"_op":"bench_gen"},{"_op":"noop"}]""", """[{"_name":"tally"},{"_name":"tally"}]""", "apis[1]._name: \"tally\" is used twice")]
    [InlineData("""[{"_op":"bench_gen"},{"_op":"noop"}]""", """[{"start":1}]""", "apis[0]._name: is required")]
    public void Api_configs_and_links_should_be_validated(string operations, string apis, string expected) =>
        Assert.Contains(expected, Assert.Throws<JobValidationException>(() => new JobValidator(Registry).Validate(Job(operations, apis))).Message);

    [Fact]
    public void A_tagged_api_name_should_find_its_definition_and_be_linked_by_the_full_name()
    {
        var ex = new JobValidator(Registry).Validate(Job(
            """[{"_op":"bench_gen"},{"_op":"tally_op","_api_name":"tally:second"}]""", """[{"_name":"tally:second","start":2}]""")).ExConfig;
        Assert.Equal("tally:second", (string?)ex["apis"]![0]!["_name"]);
    }

    [Fact]
    public void Deprecated_options_should_come_back_as_Teraslice_warnings()
    {
        var validated = new JobValidator(Registry).Validate(Job("""[{"_op":"bench_gen"},{"_op":"tally_op","_api_name":"tally","old_option":"x"}]"""));
        var warning = Assert.Single(validated.Warnings);
        Assert.Equal("""{"type":"JobValidation","reason":{"type":"assetOperation","kind":"deprecation","reason":{"field":"old_option","description":"use nothing instead","_op":"tally_op"}}}""",
            warning.ToJsonString());
    }
}
