using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Standard;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class CountAndSampleSpecs
{
    private static DataEntity[] Numbered(int count) => Enumerable.Range(0, count).Select(i => R($$"""{"i":{{i}}}""")).ToArray();

    [Fact]
    public async Task Count_by_field_should_add_a_slice_counter_per_value_when_collecting_metrics()
    {
        await using var run = await StartAsync("""{"_op":"count_by_field","field":"v","collect_metrics":true}""");
        var (outcome, output) = await run.SliceAsync(
            [R("""{"v":"bob"}"""), R("""{"v":"bob"}"""), R("""{"v":6}"""), R("""{"v":"6"}"""), R("""{"v":6.0}"""), R("""{"v":null}"""), R("""{"x":1}"""), R("""{"v":[1,2]}"""), R("""{"v":[1,2]}""")]);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(9, output.Count);
        Assert.Equal(new Dictionary<string, long>
        {
            ["count_by_field.v.\"bob\""] = 2,
            ["count_by_field.v.6"] = 2,
            ["count_by_field.v.\"6\""] = 1,
            ["count_by_field.v.null"] = 1,
            ["count_by_field.v.undefined"] = 1,
            ["count_by_field.v.[1,2]"] = 2,
        }, outcome.Metrics.Counters);

        var (second, _) = await run.SliceAsync([R("""{"v":"bob"}""")]);
        Assert.Equal(new Dictionary<string, long> { ["count_by_field.v.\"bob\""] = 1 }, second.Metrics.Counters);
    }

    [Fact]
    public async Task Count_by_field_should_count_nothing_by_default_as_upstream()
    {
        var op = ValidatedOp("""{"_op":"count_by_field","field":"v"}""");
        Assert.False((bool)op["collect_metrics"]!);
        Assert.Equal("job_metric_api", (string?)op["metric_api_name"]);
        await using var run = await StartAsync("""{"_op":"count_by_field","field":"v"}""");
        var (outcome, output) = await run.SliceAsync([R("""{"v":1}""")]);
        Assert.Null(outcome.Metrics.Counters);
        Assert.Single(output);
    }

    [Fact]
    public void Count_by_field_should_require_a_field() =>
        Assert.Contains("Validation failed for operation config: count_by_field - field: is required", Error("""{"_op":"count_by_field"}"""));

    [Fact]
    public async Task Sample_random_should_keep_all_by_default_and_none_at_zero()
    {
        Assert.Equal(100d, (double)ValidatedOp("""{"_op":"sample_random"}""")["probability_to_keep"]!);
        Assert.Equal(50, (await ProcessAsync("""{"_op":"sample_random"}""", Numbered(50))).Count);
        Assert.Empty(await ProcessAsync("""{"_op":"sample_random","probability_to_keep":0}""", Numbered(50)));
    }

    [Fact]
    public async Task Sample_random_should_keep_about_the_probability_in_order()
    {
        var processor = new SampleRandomProcessor { Config = Bind<SampleRandomConfig>("""{"_op":"sample_random","probability_to_keep":25}"""), Random = new Random(7) };
        var output = await processor.OnBatchAsync([.. Numbered(10_000)], Slice(), default);
        Assert.InRange(output.Count, 2_300, 2_700);
        Assert.Equal(output.Select(r => (long)r["i"]!).Order(), output.Select(r => (long)r["i"]!));
    }

    [Fact]
    public async Task Sample_exact_should_keep_exactly_the_percentage_rounded_down_shuffled()
    {
        Assert.Equal(100d, (double)ValidatedOp("""{"_op":"sample_exact"}""")["percent_kept"]!);
        var processor = new SampleExactProcessor { Config = Bind<SampleExactConfig>("""{"_op":"sample_exact","percent_kept":55}"""), Random = new Random(3) };
        var input = Numbered(11);
        var output = await processor.OnBatchAsync([.. input], Slice(), default);
        Assert.Equal(6, output.Count);
        Assert.Equal(6, output.Select(r => r["i"]).Distinct().Count());
        Assert.Equal(11, (await ProcessAsync("""{"_op":"sample_exact"}""", Numbered(11))).Count);
        Assert.Empty(await ProcessAsync("""{"_op":"sample_exact","percent_kept":0}""", Numbered(11)));
        Assert.Empty(await ProcessAsync("""{"_op":"sample_exact","percent_kept":50}"""));
    }

    [Theory]
    [InlineData("""{"_op":"sample_random","probability_to_keep":101}""", "sample_random - probability_to_keep: must be a number between 0 and 100, got 101")]
    [InlineData("""{"_op":"sample_random","probability_to_keep":-1}""", "sample_random - probability_to_keep: must be a number between 0 and 100")]
    [InlineData("""{"_op":"sample_exact","percent_kept":"half"}""", "sample_exact - percent_kept: must be a number")]
    [InlineData("""{"_op":"sample_exact","percent_kept":100.5}""", "sample_exact - percent_kept: must be a number between 0 and 100")]
    public void Samples_should_refuse_percentages_outside_0_to_100(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));
}
