using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Standard;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

/// <summary>filter_by_required_fields and filter_by_date.</summary>
public sealed class RecordFilterSpecs
{
    private static DataEntity[] Records() =>
    [
        R("""{"a":1,"b":2}""", 1L),
        R("""{"a":1}""", 2L),
        R("""{"a":"NA","b":"N/A"}""", 3L),
        R("""{"a":"null","b":""}""", 4L),
        R("""{"b":0}""", 5L),
    ];

    private static async Task<List<object?>> Keys(string op, params DataEntity[] records) =>
        (await ProcessAsync(op, records)).Select(r => r.Key).ToList();

    [Fact]
    public async Task Filter_by_required_fields_should_keep_records_with_every_field_by_default()
    {
        Assert.Equal([1L], await Keys("""{"_op":"filter_by_required_fields","required_fields":["a","b"]}""", Records()));
        Assert.Equal("AND", (string?)ValidatedOp("""{"_op":"filter_by_required_fields","required_fields":["a"]}""")["filter_type"]);
    }

    [Fact]
    public async Task Filter_by_required_fields_with_or_should_keep_records_with_any_field_in_any_letter_case()
    {
        Assert.Equal([1L, 2L, 5L], await Keys("""{"_op":"filter_by_required_fields","required_fields":["a","b"],"filter_type":"OR"}""", Records()));
        Assert.Equal([1L, 2L, 5L], await Keys("""{"_op":"filter_by_required_fields","required_fields":["a","b"],"filter_type":"or"}""", Records()));
    }

    [Fact]
    public async Task Filter_by_required_fields_inverted_should_keep_the_others()
    {
        Assert.Equal([2L, 3L, 4L, 5L], await Keys("""{"_op":"filter_by_required_fields","required_fields":["a","b"],"invert":true}""", Records()));
    }

    [Theory]
    [InlineData("""{"_op":"filter_by_required_fields"}""", "filter_by_required_fields - required_fields: is required")]
    [InlineData("""{"_op":"filter_by_required_fields","required_fields":[]}""", "filter_by_required_fields - required_fields: must be an array of at least one non-empty string")]
    [InlineData("""{"_op":"filter_by_required_fields","required_fields":["a",3]}""", "filter_by_required_fields - required_fields: must be an array")]
    [InlineData("""{"_op":"filter_by_required_fields","required_fields":["a"],"filter_type":"XOR"}""", "filter_by_required_fields - filter_type: must be \"AND\" or \"OR\", got \"XOR\"")]
    public void Filter_by_required_fields_should_refuse_bad_options(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Fact]
    public async Task Filter_by_date_should_keep_dates_between_fixed_limits_inclusive()
    {
        var records = new[]
        {
            R("""{"date":"2019-05-01T00:00:00.000Z"}""", 1L),
            R("""{"date":"2019-05-10T12:00:00Z"}""", 2L),
            R("""{"date":"2019-06-01T00:00:00.001Z"}""", 3L),
            R("""{"date":"not a date"}""", 4L),
            R("""{"date":1557489600000}""", 5L),
            R("""{"when":"2019-05-10"}""", 6L),
        };
        Assert.Equal([1L, 2L, 5L], await Keys("""{"_op":"filter_by_date","limit_past":"2019-05-01","limit_future":"2019-06-01T00:00:00Z"}""", records));
    }

    [Fact]
    public async Task Filter_by_date_should_measure_durations_from_now_with_defaults_of_a_week_and_a_day()
    {
        var op = ValidatedOp("""{"_op":"filter_by_date"}""");
        Assert.Equal(("date", "1week", "1day"), ((string?)op["date_field"], (string?)op["limit_past"], (string?)op["limit_future"]));

        var now = new DateTimeOffset(2024, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var processor = new FilterByDateProcessor { Config = Bind<FilterByDateConfig>("""{"_op":"filter_by_date","date_field":"at"}"""), Context = Context(), Clock = new ManualClock(now) };
        await processor.InitializeAsync(default);
        DataEntity At(DateTimeOffset t, long key) => R($$"""{"at":"{{t.UtcDateTime:O}}"}""", key);
        var output = await processor.OnBatchAsync(
        [
            At(now.AddDays(-7), 1), At(now.AddDays(-7).AddSeconds(-1), 2), At(now.AddDays(1), 3), At(now.AddDays(1).AddSeconds(1), 4), At(now, 5),
        ], Slice(), default);
        Assert.Equal([1L, 3L, 5L], output.Select(r => r.Key));
    }

    [Theory]
    [InlineData("""{"_op":"filter_by_date","limit_past":"someday"}""", "filter_by_date - limit_past: must be an ISO-8601 date or a duration")]
    [InlineData("""{"_op":"filter_by_date","limit_future":5}""", "filter_by_date - limit_future: must be a string")]
    [InlineData("""{"_op":"filter_by_date","date_field":""}""", "filter_by_date - date_field: must be a non-empty string")]
    public void Filter_by_date_should_refuse_bad_limits(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Theory]
    [InlineData("1week", 604_800_000L)]
    [InlineData("2 days", 172_800_000L)]
    [InlineData("1.5h", 5_400_000L)]
    [InlineData("100", 100L)]
    [InlineData("1y", 31_557_600_000L)]
    public void Durations_should_read_as_the_ms_package_does(string text, long expected)
    {
        Assert.True(Duration.TryParseMilliseconds(text, out var ms));
        Assert.Equal(expected, ms);
    }
}
