using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Testing;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

public sealed class PipelineSpecs
{
    internal static ExecutionPlan Plan(string operationsJson, string lifecycle = "once", int maxRetries = 3)
    {
        var spec = (JsonObject)JsonNode.Parse($$"""{"name":"t","lifecycle":"{{lifecycle}}","workers":2,"max_retries":{{maxRetries}},"operations":{{operationsJson}}}""")!;
        var ex = new JobValidator(BuiltinOperations.Registry).Validate(spec).ExConfig;
        ex["ex_id"] = "ex-1";
        ex["job_id"] = "job-1";
        return ExecutionPlan.Create(ex, BuiltinOperations.Registry);
    }

    internal static async Task<List<string>> CutAll(ISlicer slicer, int max = 10_000)
    {
        var requests = new List<string>();
        while (requests.Count < max)
        {
            var result = await slicer.SliceAsync(default);
            requests.AddRange(result.Requests.Select(SliceRequest.Serialize));
            if (result.IsDone) break;
        }
        return requests;
    }

    private static SliceContext Slice(string request, long order = 1) => new("s" + order, 0, order, new SliceRequest(request), 0);

    [Fact]
    public async Task The_W1_pipeline_should_produce_the_workload_checksum()
    {
        var plan = Plan("""[{"_op":"bench_gen","slices":100,"size":10000},{"_op":"set_field","field":"processed","value":true},{"_op":"filter_age"},{"_op":"count_sink"}]""");
        var slicer = plan.CreateSlicer(0, NullLogger.Instance);
        await slicer.InitializeAsync(null, default);
        var requests = await CutAll(slicer);
        Assert.Equal(100, requests.Count);
        await using var pipeline = plan.CreatePipeline("w", NullLogger.Instance);
        await pipeline.InitializeAsync(default);
        long records = 0, sum = 0, inCount = 0;
        foreach (var (request, i) in requests.Select((r, i) => (r, i)))
        {
            var outcome = await pipeline.RunAsync(Slice(request, i + 1), default);
            Assert.True(outcome.Succeeded, outcome.Error);
            inCount += outcome.Metrics.RecordsIn;
            records += outcome.Metrics.Counters![CountSink.RecordsCounter];
            sum += outcome.Metrics.Counters![CountSink.IdSumCounter];
        }
        Assert.Equal(1_000_000, inCount);
        Assert.Equal(799_992, records);
        Assert.Equal(399_998_799_972, sum);
    }

    [Fact]
    public void Bench_records_should_have_the_workload_shape()
    {
        var record = BenchGenFetcher.Make(5);
        Assert.Equal(["id", "name", "age", "country", "score", "tags", "created"], record.Keys);
        Assert.Equal("user-5", record["name"]);
        Assert.Equal("BR", record["country"]);
        Assert.Equal(95.95, record["score"]);
        Assert.Equal("2024-01-01T00:00:05.000Z", record["created"]);
    }

    [Fact]
    public async Task Map_filter_each_and_batch_processors_should_each_do_their_kind_of_work()
    {
        var data = Enumerable.Range(0, 10).Select(i => new DataEntity { ["id"] = (long)i }).ToList();
        var context = new WorkerContext(Plan("""[{"_op":"data_generator"},{"_op":"noop"}]""").Execution, "w", NullLogger.Instance);
        var slice = Slice("{}");

        IProcessor map = new Doubler { Config = new EmptyOpConfig(), Context = context };
        IProcessor filter = new EvenOnly { Config = new EmptyOpConfig(), Context = context };
        var each = new Counter { Config = new EmptyOpConfig(), Context = context };
        IProcessor batch = new Reverser { Config = new EmptyOpConfig(), Context = context };

        data = await map.ProcessAsync(data, slice, default);
        data = await filter.ProcessAsync(data, slice, default);
        data = await ((IProcessor)each).ProcessAsync(data, slice, default);
        data = await batch.ProcessAsync(data, slice, default);

        Assert.Equal([18L, 16L, 14L, 12L, 10L, 8L, 6L, 4L, 2L, 0L], data.Select(d => (long)d["id"]!));
        Assert.Equal(10, each.Seen);
    }

    [Fact]
    public async Task A_failing_slice_should_be_retried_max_retries_times_then_reported()
    {
        var context = new WorkerContext(Plan("""[{"_op":"data_generator"},{"_op":"noop"}]""").Execution, "w", NullLogger.Instance);
        var fetcher = new FlakyFetcher(failures: 10) { Config = new EmptyOpConfig(), Context = context };
        await using var pipeline = new SlicePipeline(fetcher, [], maxRetries: 2, NullLogger.Instance);
        var slice = Slice("{}");
        var outcome = await pipeline.RunAsync(slice, default);
        Assert.False(outcome.Succeeded);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(3, fetcher.Calls);
        Assert.Contains("flaky", outcome.Error);
    }

    [Fact]
    public async Task A_slice_that_fails_then_succeeds_should_keep_only_the_last_attempts_counters()
    {
        var context = new WorkerContext(Plan("""[{"_op":"data_generator"},{"_op":"noop"}]""").Execution, "w", NullLogger.Instance);
        var fetcher = new FlakyFetcher(failures: 1) { Config = new EmptyOpConfig(), Context = context };
        await using var pipeline = new SlicePipeline(fetcher, [], maxRetries: 3, NullLogger.Instance);
        var slice = Slice("{}");
        var outcome = await pipeline.RunAsync(slice, default);
        Assert.True(outcome.Succeeded);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(1, slice.RetryCount);
        Assert.Equal(1, outcome.Metrics.Counters!["flaky.calls"]);
    }

    private sealed class Doubler : MapProcessor<EmptyOpConfig>
    {
        public override DataEntity Map(DataEntity record)
        {
            record["id"] = (long)record["id"]! * 2;
            return record;
        }
    }

    private sealed class EvenOnly : FilterProcessor<EmptyOpConfig>
    {
        public override bool Filter(DataEntity record) => (long)record["id"]! % 4 == 0 || (long)record["id"]! % 2 == 0;
    }

    private sealed class Counter : EachProcessor<EmptyOpConfig>
    {
        public int Seen { get; private set; }

        public override void ForEach(DataEntity record) => Seen++;
    }

    private sealed class Reverser : BatchProcessor<EmptyOpConfig>
    {
        public override ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
        {
            data.Reverse();
            return ValueTask.FromResult(data);
        }
    }

    private sealed class FlakyFetcher(int failures) : Fetcher<EmptyOpConfig>
    {
        public int Calls { get; private set; }

        public override ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct)
        {
            Calls++;
            slice.AddCounter("flaky.calls", 1);
            if (Calls <= failures) throw new InvalidOperationException("flaky");
            return ValueTask.FromResult(new List<DataEntity> { new() });
        }
    }
}
