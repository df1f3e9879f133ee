using Teraslice.Akka.Operations;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class DedupeSortSpecs
{
    [Fact]
    public async Task Dedupe_should_keep_the_first_record_of_each_field_value()
    {
        var output = await ProcessAsync("""{"_op":"dedupe","field":"name"}""",
            R("""{"id":1,"name":"roy"}"""), R("""{"id":2,"name":"roy"}"""), R("""{"id":2,"name":"bob"}"""),
            R("""{"id":2,"name":"roy"}"""), R("""{"id":3,"name":"bob"}"""), R("""{"id":3,"name":"mel"}"""));
        Assert.Equal(["roy", "bob", "mel"], Values(output, "name"));
        Assert.Equal([1L, 2L, 3L], Values(output, "id"));
    }

    [Fact]
    public async Task Dedupe_should_compare_values_as_javascript_does()
    {
        var output = await ProcessAsync("""{"_op":"dedupe","field":"v"}""",
            R("""{"v":1}""", 1L), R("""{"v":1.0}""", 2L), R("""{"v":"1"}""", 3L), R("""{"v":null}""", 4L), R("""{"x":0}""", 5L), R("""{"x":1}""", 6L), R("""{"v":null}""", 7L));
        Assert.Equal([1L, 3L, 4L, 5L], output.Select(r => r.Key));
    }

    [Fact]
    public async Task Dedupe_without_a_field_should_use_the_key_and_reject_records_without_one()
    {
        var records = new[] { R("""{"id":1}""", 1L), R("""{"id":2}""", 2L), R("""{"id":3}""", 2L), R("""{"id":4}""") };
        await using var run = await StartAsync("""{"_op":"dedupe"}""");
        var (failed, _) = await run.SliceAsync(records);
        Assert.Contains("No key has been set in the metadata", failed.Error);

        var output = await ProcessAsync("""{"_op":"dedupe","_dead_letter_action":"none"}""", records);
        Assert.Equal([1L, 2L], Values(output, "id"));
    }

    [Fact]
    public async Task Dedupe_should_carry_the_oldest_and_newest_dates_into_the_kept_record()
    {
        DataEntity Seen(long id, string name, string at) => R($$"""{"id":{{id}},"name":"{{name}}","first_seen":"{{at}}","last_seen":"{{at}}"}""");
        var output = await ProcessAsync("""{"_op":"dedupe","field":"name","adjust_time":[{"field":"first_seen","preference":"oldest"},{"field":"last_seen","preference":"newest"}]}""",
            Seen(1, "roy", "2019-05-07T20:01:00.000Z"), Seen(1, "roy", "2019-05-07T20:02:00.000Z"), Seen(1, "roy", "2019-05-07T20:04:00.000Z"),
            Seen(2, "bob", "2019-05-07T20:02:00.000Z"), Seen(1, "roy", "2019-05-07T20:10:00.000Z"), Seen(2, "bob", "2019-05-07T20:04:00.000Z"),
            Seen(3, "mel", "2019-05-07T20:04:00.000Z"), Seen(1, "roy", "2019-05-07T19:02:00.000Z"), Seen(1, "roy", "2019-05-07T20:08:00.000Z"),
            Seen(2, "bob", "2019-05-07T20:08:00.000Z"), Seen(3, "mel", "2019-05-07T20:01:00.000Z"));
        Assert.Equal(["2019-05-07T19:02:00.000Z", "2019-05-07T20:02:00.000Z", "2019-05-07T20:01:00.000Z"], Values(output, "first_seen"));
        Assert.Equal(["2019-05-07T20:10:00.000Z", "2019-05-07T20:08:00.000Z", "2019-05-07T20:04:00.000Z"], Values(output, "last_seen"));
    }

    [Theory]
    [InlineData("""{"_op":"dedupe","adjust_time":[{"field":"a","preference":"latest"}]}""", "dedupe - adjust_time: must be an array of objects")]
    [InlineData("""{"_op":"dedupe","adjust_time":[{"preference":"oldest"}]}""", "dedupe - adjust_time: must be an array of objects")]
    [InlineData("""{"_op":"dedupe","field":""}""", "dedupe - field: must be a non-empty string")]
    public void Dedupe_should_refuse_bad_options(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Fact]
    public async Task Sort_should_order_numbers_and_iso_dates_ascending_by_default_and_stably()
    {
        var byId = await ProcessAsync("""{"_op":"sort","field":"id"}""",
            R("""{"id":2,"date":"2019-05-03T20:02:00.000Z"}"""), R("""{"id":1,"date":"2019-05-03T20:01:00.000Z"}"""),
            R("""{"id":4,"date":"2019-05-03T20:01:00.000Z"}"""), R("""{"id":3,"date":"2019-05-03T20:03:00.000Z"}"""));
        Assert.Equal([1L, 2L, 3L, 4L], Values(byId, "id"));

        var byDate = await ProcessAsync("""{"_op":"sort","field":"date"}""", [.. byId.OrderByDescending(r => r["id"])]);
        Assert.Equal([4L, 1L, 2L, 3L], Values(byDate, "id")); // 4 and 1 share a date and keep their order
        Assert.Equal("asc", (string?)ValidatedOp("""{"_op":"sort","field":"id"}""")["order"]);
    }

    [Fact]
    public async Task Sort_desc_should_reverse_the_order_and_put_records_without_the_value_last()
    {
        var output = await ProcessAsync("""{"_op":"sort","field":"n.v","order":"desc"}""",
            R("""{"n":{"v":12}}""", 1L), R("""{"x":1}""", 2L), R("""{"n":{"v":245}}""", 3L), R("""{"n":{"v":2.5}}""", 4L), R("""{"n":{"v":null}}""", 5L));
        Assert.Equal([3L, 1L, 4L, 2L, 5L], output.Select(r => r.Key));
        var asc = await ProcessAsync("""{"_op":"sort","field":"n.v"}""", R("""{"x":1}""", 2L), R("""{"n":{"v":245}}""", 3L), R("""{"n":{"v":12}}""", 1L));
        Assert.Equal([1L, 3L, 2L], asc.Select(r => r.Key));
        Assert.Empty(await ProcessAsync("""{"_op":"sort","field":"id"}"""));
    }

    [Theory]
    [InlineData("""{"_op":"sort"}""", "sort - field: is required")]
    [InlineData("""{"_op":"sort","field":"a","order":"up"}""", "sort - order: must be one of: asc, desc, got \"up\"")]
    public void Sort_should_refuse_bad_options(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));
}
