using System.Text;
using Teraslice.Akka.Operations;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

[Collection("hooks")] // shares the tally API (SdkSpecs) with its dead-letter list
public sealed class JsonParserSpecs
{
    private static DataEntity Raw(string text, object? key = null, long? id = null)
    {
        var record = new DataEntity { RawData = Encoding.UTF8.GetBytes(text), Key = key };
        if (id is { } i) record["id"] = i;
        return record;
    }

    [Fact]
    public async Task Json_parser_should_replace_each_record_by_its_parsed_raw_data_keeping_metadata()
    {
        var output = await ProcessAsync("""{"_op":"json_parser"}""", Raw("""{"id":1}""", key: "1"), Raw(" \n{\"id\":2,\"n\":{\"a\":[1]}} \0\0", key: "2"));
        Assert.Equal(["""{"id":1}""", """{"id":2,"n":{"a":[1]}}"""], output.Select(DataEntityJson.Serialize));
        Assert.Equal(["1", "2"], output.Select(r => r.Key));
    }

    [Theory]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    [InlineData("{\"a\":1},")]
    public void Parsing_a_record_should_refuse_data_after_the_object(string json) =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => DataEntityJson.Parse(json));

    [Fact]
    public async Task Json_parser_should_log_and_drop_bad_json_by_default()
    {
        Assert.Equal("log", (string?)ValidatedOp("""{"_op":"json_parser"}""")["_dead_letter_action"]);
        var output = await ProcessAsync("""{"_op":"json_parser"}""",
            Raw("""{"id":1}"""), Raw("{bad"), Raw("""{"id":3} trailing"""), Raw("[1,2]"), Raw("\"text\""), new DataEntity { ["no"] = "raw data" }, Raw("""{"id":7}"""));
        Assert.Equal([1L, 7L], Values(output, "id"));
    }

    [Fact]
    public async Task Json_parser_should_follow_the_dead_letter_action()
    {
        await using var throwing = await StartAsync("""{"_op":"json_parser","_dead_letter_action":"throw"}""");
        var (failed, _) = await throwing.SliceAsync([Raw("""{"id":1}"""), Raw("{bad")]);
        Assert.False(failed.Succeeded);

        await using var run = await StartAsync("""{"_op":"json_parser","_dead_letter_action":"tally"}""", apis: """[{"_name":"tally"}]""");
        var (outcome, output) = await run.SliceAsync([Raw("""{"id":1}"""), Raw("{bad", id: 2)]);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Single(output);
        var rejected = Assert.Single(run.Pipeline.Apis.Get<TallyApi>("tally").Rejected);
        Assert.StartsWith("json_parser:2:", rejected);
    }

    [Fact]
    public async Task Json_parser_with_field_should_parse_a_text_or_bytes_field()
    {
        var bytes = new DataEntity { ["payload"] = Encoding.UTF8.GetBytes("""{"b":2}""") };
        var output = await ProcessAsync("""{"_op":"json_parser","field":"payload"}""", R("""{"payload":"{\"a\":1}"}""", key: "k"), bytes, R("""{"other":1}"""));
        Assert.Equal(["""{"a":1}""", """{"b":2}"""], output.Select(DataEntityJson.Serialize));
        Assert.Equal("k", output[0].Key);
    }
}
