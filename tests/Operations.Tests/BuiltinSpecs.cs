using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Builtin;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

public sealed class BuiltinSpecs
{
    private static async Task<List<string>> Slices(string operations, string lifecycle = "once", string? lastSlice = null, int max = 100)
    {
        var slicer = PipelineSpecs.Plan(operations, lifecycle).CreateSlicer(0, NullLogger.Instance);
        await slicer.InitializeAsync(lastSlice is null ? null : new SlicerRecovery(new SliceRequest(lastSlice)), default);
        return await PipelineSpecs.CutAll(slicer, max);
    }

    [Fact]
    public async Task Data_generator_once_should_cut_size_records_into_slice_size_slices()
    {
        var slices = await Slices("""[{"_op":"data_generator","size":50000,"slice_size":5000},{"_op":"noop"}]""");
        Assert.Equal(10, slices.Count);
        Assert.Equal("""{"count":5000,"processed":5000}""", slices[0]);
        Assert.Equal("""{"count":5000,"processed":50000}""", slices[^1]);
    }

    [Fact]
    public async Task Data_generator_once_should_use_the_last_operations_size_and_cut_the_remainder()
    {
        var slices = await Slices("""[{"_op":"data_generator","size":2500},{"_op":"noop","size":1000}]""");
        Assert.Equal(["""{"count":1000,"processed":1000}""", """{"count":1000,"processed":2000}""", """{"count":500,"processed":2500}"""], slices);
    }

    [Fact]
    public async Task Data_generator_once_without_any_slice_size_should_make_one_slice_up_to_5000()
    {
        Assert.Single(await Slices("""[{"_op":"data_generator","size":3000},{"_op":"noop"}]"""));
        Assert.Equal(3, (await Slices("""[{"_op":"data_generator","size":12000},{"_op":"noop"}]""")).Count);
    }

    [Fact]
    public async Task Data_generator_persistent_should_cut_size_records_per_slice_forever()
    {
        var slices = await Slices("""[{"_op":"data_generator","size":7},{"_op":"noop"}]""", "persistent", max: 50);
        Assert.Equal(50, slices.Count);
        Assert.All(slices, s => Assert.StartsWith("""{"count":7,""", s));
    }

    [Fact]
    public async Task Data_generator_should_resume_after_the_last_slice_it_cut()
    {
        var slices = await Slices("""[{"_op":"data_generator","size":1000,"slice_size":100},{"_op":"noop"}]""", lastSlice: """{"count":100,"processed":700}""");
        Assert.Equal(3, slices.Count);
        Assert.Equal("""{"count":100,"processed":800}""", slices[0]);
    }

    [Fact]
    public async Task Data_generator_records_should_have_Teraslice_shape()
    {
        var plan = PipelineSpecs.Plan("""[{"_op":"data_generator","set_id":"hexadecimal","id_start_key":"a","date_key":"when"},{"_op":"noop"}]""");
        await using var pipeline = plan.CreatePipeline("w", NullLogger.Instance);
        var outcome = await pipeline.RunAsync(new SliceContext("s", 0, 1, new SliceRequest("""{"count":3,"processed":3}"""), 0), default);
        Assert.Equal(3, outcome.Metrics.RecordsOut);

        var fetcher = new DataGeneratorFetcher { Config = new DataGeneratorConfig { SetId = DataGeneratorIdType.Hexadecimal, IdStartKey = "a", DateKey = "when" } };
        var record = fetcher.MakeRecord(new Random(1));
        Assert.Equal(["ip", "userAgent", "url", "uuid", "when", "ipv6", "location", "bytes", "id"], record.Keys);
        Assert.Matches("^a[0-9a-f]{8}$", (string)record["id"]!);
        Assert.Matches(@"^-?\d+\.\d{5}, -?\d+\.\d{5}$", (string)record["location"]!);
        Assert.InRange((long)record["bytes"]!, 7850, 5642867);
        Assert.True(Guid.TryParse((string)record["uuid"]!, out _));
    }

    [Fact]
    public async Task Stdout_should_write_up_to_limit_records_as_json_lines()
    {
        var output = new StringWriter();
        var processor = new StdoutProcessor { Config = new StdoutConfig { Limit = 2 }, Output = output };
        var data = Enumerable.Range(0, 3).Select(i => new DataEntity { ["i"] = (long)i }).ToList();
        var result = await processor.OnBatchAsync(data, new SliceContext("s", 0, 1, new SliceRequest("{}"), 0), default);
        Assert.Equal(3, result.Count);
        Assert.Equal("{\"i\":0}\n{\"i\":1}\n", output.ToString());
    }

    [Fact]
    public async Task Delay_should_wait_ms_per_slice()
    {
        var processor = new DelayProcessor { Config = new DelayConfig { Ms = 120 } };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await processor.OnBatchAsync([], new SliceContext("s", 0, 1, new SliceRequest("{}"), 0), default);
        Assert.True(watch.ElapsedMilliseconds >= 100, $"waited {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Set_field_should_set_json_values_and_respect_overwrite()
    {
        var keep = new SetFieldProcessor { Config = new SetFieldConfig { Field = "a", Value = System.Text.Json.Nodes.JsonValue.Create(5), Overwrite = false } };
        var set = new SetFieldProcessor { Config = new SetFieldConfig { Field = "b", Value = System.Text.Json.Nodes.JsonValue.Create("x") } };
        var record = new DataEntity { ["a"] = 1L };
        keep.Map(record);
        set.Map(record);
        Assert.Equal(1L, record["a"]);
        Assert.Equal("x", record["b"]);
        Assert.Equal(5L, keep.Map(new DataEntity())["a"]);
    }
}
