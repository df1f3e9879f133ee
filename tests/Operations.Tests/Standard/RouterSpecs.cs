using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Standard;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class RouterSpecs
{
    private static async Task<string?> Route(string op, DataEntity record) =>
        (string?)Assert.Single(await ProcessAsync(op, record)).GetMetadata("standard:route");

    [Theory]
    [InlineData("""{"_op":"date_router","field":"date"}""", "1995-01-01T10:05:00.001Z", "1995.01.01")]
    [InlineData("""{"_op":"date_router","field":"date","resolution":"hourly"}""", "1995-01-01T10:05:00.001Z", "1995.01.01.10")]
    [InlineData("""{"_op":"date_router","field":"date","resolution":"monthly"}""", "1995-01-01T10:05:00.001Z", "1995.01")]
    [InlineData("""{"_op":"date_router","field":"date","resolution":"yearly"}""", "1995-01-01T10:05:00.001Z", "1995")]
    [InlineData("""{"_op":"date_router","field":"date","resolution":"weekly"}""", "1995-05-01T10:05:00.001Z", "1995.17")]
    [InlineData("""{"_op":"date_router","field":"date","resolution":"weekly"}""", "1995-01-09T00:00:00Z", "1995.01")]
    [InlineData("""{"_op":"date_router","field":"date","resolution":"weekly_epoch"}""", "1995-10-28T10:05:00.001Z", "1347")]
    [InlineData("""{"_op":"date_router","field":"date","include_date_units":true}""", "1995-01-01T10:05:00.001Z", "year_1995.month_01.day_01")]
    [InlineData("""{"_op":"date_router","field":"date","include_date_units":true,"date_delimiter":"/","date_unit_delimiter":"-","resolution":"hourly"}""", "1995-01-01T10:05:00.001Z", "year-1995/month-01/day-01/hour-10")]
    [InlineData("""{"_op":"date_router","field":"date","date_delimiter":""}""", "2024-02-29T23:59:59+02:00", "20240229")]
    public async Task Date_router_should_route_by_the_utc_date_at_the_resolution(string op, string date, string expected) =>
        Assert.Equal(expected, await Route(op, R($$"""{"date":"{{date}}"}""")));

    [Fact]
    public async Task Date_router_should_reuse_routes_and_change_them_with_the_date()
    {
        var output = await ProcessAsync("""{"_op":"date_router","field":"d"}""",
            R("""{"d":"2024-01-01T01:00:00Z"}"""), R("""{"d":"2024-01-01T02:00:00Z"}"""), R("""{"d":"2024-01-02T00:00:00Z"}"""), R("""{"d":1704067200000}"""));
        Assert.Equal(["2024.01.01", "2024.01.01", "2024.01.02", "2024.01.01"], output.Select(r => r.GetMetadata("standard:route")));
    }

    [Fact]
    public async Task Date_router_should_reject_records_without_a_valid_date()
    {
        var records = new[] { R("""{"d":"2024-01-01"}"""), R("""{"d":"yesterday"}"""), R("""{"x":1}""") };
        await using var run = await StartAsync("""{"_op":"date_router","field":"d"}""");
        var (failed, _) = await run.SliceAsync(records);
        Assert.Contains("Could not convert value yesterday to a date", failed.Error);
        Assert.Single(await ProcessAsync("""{"_op":"date_router","field":"d","_dead_letter_action":"none"}""", records));
    }

    [Fact]
    public async Task Date_router_with_clock_time_should_route_by_now()
    {
        var processor = new DateRouterProcessor
        {
            Config = Bind<DateRouterConfig>("""{"_op":"date_router","field":"d","use_clock_time":true,"resolution":"hourly"}"""),
            Context = Context(),
            Clock = new ManualClock(new DateTimeOffset(2030, 7, 4, 5, 6, 7, TimeSpan.Zero)),
        };
        var output = await processor.OnBatchAsync([R("""{"d":"1995-01-01T10:05:00Z"}"""), R("{}")], Slice(), default);
        Assert.All(output, r => Assert.Equal("2030.07.04.05", r.GetMetadata("standard:route")));
    }

    [Fact]
    public void Date_router_should_default_to_daily_with_dots()
    {
        var op = ValidatedOp("""{"_op":"date_router","field":"d"}""");
        Assert.Equal(("daily", ".", "_", false, false),
            ((string?)op["resolution"], (string?)op["date_delimiter"], (string?)op["date_unit_delimiter"], (bool)op["include_date_units"]!, (bool)op["use_clock_time"]!));
    }

    [Theory]
    [InlineData("""{"_op":"date_router"}""", "date_router - field: is required")]
    [InlineData("""{"_op":"date_router","field":"d","resolution":"minutely"}""", "date_router - resolution: must be one of: hourly, daily, monthly, yearly, weekly, weekly_epoch")]
    [InlineData("""{"_op":"date_router","field":"d","date_delimiter":"@"}""", "date_router - date_delimiter: must be one of: -, _, ., /, , got \"@\"")]
    [InlineData("""{"_op":"date_router","field":"d","date_unit_delimiter":"::"}""", "date_router - date_unit_delimiter: must be one of")]
    public void Date_router_should_refuse_bad_options(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Fact]
    public async Task Field_router_should_route_by_field_names_and_sanitized_values()
    {
        Assert.Equal("foo_bar", await Route("""{"_op":"field_router","fields":["foo"]}""", R("""{"foo":"bar"}""")));
        Assert.Equal("foo_bar_asd_123__", await Route("""{"_op":"field_router","fields":["foo"]}""", R("""{"foo":"bar=asd/123/="}""")));
        Assert.Equal("bar1-bar2", await Route("""{"_op":"field_router","fields":["foo1","foo2"],"include_field_names":false}""", R("""{"foo1":"bar1","foo2":"bar2"}""")));
        Assert.Equal("foo1:bar1;foo2:bar2", await Route("""{"_op":"field_router","fields":["foo1","foo2"],"field_delimiter":";","value_delimiter":":"}""", R("""{"foo1":"bar1","foo2":"bar2"}""")));
        Assert.Equal("a_-b_5-c_true", await Route("""{"_op":"field_router","fields":["a","b","c"]}""", R("""{"b":5,"c":true}""")));
    }

    [Theory]
    [InlineData("""{"_op":"field_router"}""", "field_router - fields: is required")]
    [InlineData("""{"_op":"field_router","fields":[]}""", "field_router - fields: must be an array of at least one non-empty string")]
    [InlineData("""{"_op":"field_router","fields":"a"}""", "field_router - fields: must be an array")]
    public void Field_router_should_refuse_bad_fields(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Fact]
    public async Task Hash_router_should_hash_the_key_or_the_fields_into_partitions_as_upstream()
    {
        // upstream's test vectors (FNV-1a)
        Assert.Equal("0", await Route("""{"_op":"hash_router","partitions":4}""", R("""{"foo":"bar"}""", key: "bacon")));
        Assert.Equal("3", await Route("""{"_op":"hash_router","partitions":4}""", R("""{"foo":"bar"}""", key: "frypan")));
        Assert.Equal("0", await Route("""{"_op":"hash_router","partitions":4,"fields":["foo"]}""", R("""{"foo":"cheese"}""")));
        Assert.Equal("2", await Route("""{"_op":"hash_router","partitions":4,"fields":["foo"]}""", R("""{"foo":"12347"}""")));
        Assert.Equal(0x4f9f2cabu, Fnv1a.Hash("hello"));
        Assert.Equal(Fnv1a.Hash("ab€𝄞"), Fnv1a.Append(Fnv1a.Append(Fnv1a.OffsetBasis, "ab"), "€𝄞"));
    }

    [Fact]
    public async Task Hash_router_should_spread_records_over_every_partition()
    {
        var records = Enumerable.Range(0, 1000).Select(i => R($$"""{"id":"user-{{i}}"}""")).ToArray();
        var routes = (await ProcessAsync("""{"_op":"hash_router","partitions":5,"fields":["id"]}""", records)).Select(r => (string)r.GetMetadata("standard:route")!);
        Assert.Equal(["0", "1", "2", "3", "4"], routes.Distinct().Order());
    }

    [Fact]
    public async Task Hash_router_without_fields_should_reject_records_without_a_key()
    {
        await using var run = await StartAsync("""{"_op":"hash_router","partitions":3}""");
        var (failed, _) = await run.SliceAsync([R("{}")]);
        Assert.Contains("No key has been set in the metadata", failed.Error);
    }

    [Fact]
    public void Hash_router_should_require_partitions_and_take_the_old_buckets_name_with_a_warning()
    {
        Assert.Contains("Validation failed for operation config: hash_router - partitions: is required", Error("""{"_op":"hash_router"}"""));
        Assert.Contains("hash_router - partitions: must be a positive integer, got 0", Error("""{"_op":"hash_router","partitions":0}"""));
        Assert.Contains("hash_router - fields: must be an array", Error("""{"_op":"hash_router","partitions":2,"fields":[1]}"""));
        var validated = Validate("""{"_op":"hash_router","buckets":3}""");
        Assert.Equal("buckets", (string?)validated.Warnings.Single()["reason"]!["reason"]!["field"]);
    }

    [Fact]
    public async Task Hash_router_with_buckets_should_route_as_with_partitions() =>
        Assert.Equal("3", await Route("""{"_op":"hash_router","buckets":4}""", R("{}", key: "frypan")));
}
