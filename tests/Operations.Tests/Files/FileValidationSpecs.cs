using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class FileValidationSpecs
{
    private static string Error(string operations, string apis = "[]", string lifecycle = "once") =>
        Assert.Throws<JobValidationException>(() => new JobValidator(FileJobs.Registry).Validate(
            (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
                $$"""{"name":"v","lifecycle":"{{lifecycle}}","apis":{{apis}},"operations":{{operations}}}""")!)).Message;

    [Theory]
    [InlineData("""{"_op":"file_reader"}""", "file_reader - path: is required")]
    [InlineData("""{"_op":"file_reader","path":"/d","compression":"gzip"}""", "file_reader - file_per_slice: must be true when compression is gzip")]
    [InlineData("""{"_op":"file_reader","path":"/d","compression":"zip"}""", "file_reader - compression: must be one of: none, gzip, lz4, got \"zip\"")]
    [InlineData("""{"_op":"file_reader","path":"/d","format":"xml"}""", "file_reader - format: must be one of: ldjson, json, raw, csv, tsv")]
    [InlineData("""{"_op":"file_reader","path":"/d","format":"tsv","field_delimiter":","}""", "file_reader - field_delimiter: must be \"\\t\"")]
    [InlineData("""{"_op":"file_reader","path":"/d","size":1,"line_delimiter":"\r\n"}""", "file_reader - size: must be larger than the line_delimiter")]
    [InlineData("""{"_op":"file_reader","path":"/d","size":0}""", "file_reader - size: must be a positive integer")]
    [InlineData("""{"_op":"file_reader","path":"/d","line_delimiter":""}""", "file_reader - line_delimiter: must not be empty")]
    [InlineData("""{"_op":"file_reader","path":"/d","on_reject_action":"explode"}""", "file_reader - on_reject_action: must be one of: throw, log, none")]
    [InlineData("""{"_op":"file_reader","path":"/d","format":"csv","extra_args":{"delimiter":";"}}""", "file_reader - extra_args: \"delimiter\" is not supported (supported: quote, trim, checkType)")]
    [InlineData("""{"_op":"file_reader","path":"/d","format":"csv","extra_args":{"quote":","}}""", "file_reader - extra_args: quote must not be part of the field or line delimiter")]
    [InlineData("""{"_op":"file_reader","path":"/d","fields":["a",""]}""", "file_reader - fields: must be non-empty column names")]
    public void File_reader_settings_should_be_validated_naming_the_op_and_field(string reader, string expected) =>
        Assert.Contains(expected, Error($$"""[{{reader}},{"_op":"noop"}]"""));

    [Fact]
    public void File_reader_should_need_a_once_job() =>
        Assert.Contains("file_reader - lifecycle: file_reader reads a fixed set of files, so the job's lifecycle must be once",
            Error("""[{"_op":"file_reader","path":"/d"},{"_op":"noop"}]""", lifecycle: "persistent"));

    [Theory]
    [InlineData("""{"_op":"file_exporter"}""", "file_exporter - path: is required (or set _api_name to a file_sender_api")]
    [InlineData("""{"_op":"file_exporter","path":"/d","format":"json"}""", "file_exporter - file_per_slice: must be true when format is json")]
    [InlineData("""{"_op":"file_exporter","path":"/d","compression":"lz4"}""", "file_exporter - file_per_slice: must be true when compression is lz4")]
    [InlineData("""{"_op":"file_exporter","path":"/d","concurrency":0}""", "file_exporter - concurrency: must be a positive integer")]
    [InlineData("""{"_op":"file_exporter","path":"/d","extension":"a/b"}""", "file_exporter - extension: must not contain a path separator")]
    public void File_exporter_settings_should_be_validated_naming_the_op_and_field(string exporter, string expected) =>
        Assert.Contains(expected, Error($$"""[{"_op":"bench_gen"},{{exporter}}]"""));

    [Fact]
    public void File_exporter_api_links_should_be_validated()
    {
        Assert.Contains("file_exporter - path: must not be set when _api_name is set",
            Error("""[{"_op":"bench_gen"},{"_op":"file_exporter","path":"/d","_api_name":"file_sender_api"}]""", """[{"_name":"file_sender_api","path":"/d"}]"""));
        Assert.Contains("file_exporter - _api_name: must name a file_sender_api entry",
            Error("""[{"_op":"bench_gen"},{"_op":"file_exporter","_api_name":"file_specs_dlq"}]""", """[{"_name":"file_specs_dlq"}]"""));
        Assert.Contains("Validation failed for api config: file_sender_api - file_per_slice: must be true when format is json",
            Error("""[{"_op":"bench_gen"},{"_op":"noop"}]""", """[{"_name":"file_sender_api","path":"/d","format":"json"}]"""));
        Assert.Contains("Validation failed for api config: file_sender_api - path: is required",
            Error("""[{"_op":"bench_gen"},{"_op":"noop"}]""", """[{"_name":"file_sender_api"}]"""));
    }

    [Fact]
    public void Defaults_should_be_upstreams_and_be_filled_in_the_execution()
    {
        var ex = new JobValidator(FileJobs.Registry).Validate((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            """{"name":"v","operations":[{"_op":"file_reader","path":"/d"},{"_op":"file_exporter","path":"/o"}]}""")!).ExConfig;

        var reader = ex["operations"]![0]!;
        Assert.Equal(10_000_000, (long)reader["size"]!);
        Assert.Equal("ldjson", (string?)reader["format"]);
        Assert.Equal("none", (string?)reader["compression"]);
        Assert.False((bool)reader["file_per_slice"]!);
        Assert.True((bool)reader["remove_header"]!);
        Assert.True((bool)reader["ignore_empty"]!);
        var exporter = ex["operations"]![1]!;
        Assert.Equal("ldjson", (string?)exporter["format"]);
        Assert.False((bool)exporter["file_per_slice"]!);
        Assert.False((bool)exporter["include_header"]!);
        Assert.Equal(10, (int)exporter["concurrency"]!);
    }
}
