using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Standard;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class TestReaderSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("test-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static ExecutionPlan Plan(string reader, string lifecycle = "once") =>
        PipelineSpecs.Plan($$"""[{{reader}},{"_op":"noop"}]""", lifecycle);

    private static async Task<List<string>> Cut(ExecutionPlan plan, int max = 100)
    {
        var slicer = plan.CreateSlicer(0, NullLogger.Instance);
        await slicer.InitializeAsync(null, default);
        return await PipelineSpecs.CutAll(slicer, max);
    }

    private static async Task<List<DataEntity>> Fetch(ExecutionPlan plan, string request = "{}")
    {
        var fetcher = new TestReaderFetcher
        {
            Config = (TestReaderConfig)ConfigBinder.Bind(typeof(TestReaderConfig), plan.Execution.Operations[0], out _)!,
            Context = Harness.Context(),
        };
        return await fetcher.FetchAsync(new SliceContext("s", 0, 1, new SliceRequest(request), 0), default);
    }

    [Fact]
    public async Task Test_reader_once_without_files_should_cut_its_ten_sample_requests_then_end()
    {
        var requests = await Cut(Plan("""{"_op":"test-reader"}"""));
        Assert.Equal(10, requests.Count);
        Assert.All(requests, r => Assert.Matches("""^\{"start":-\d+,"end":\d+\}$""", r));
    }

    [Fact]
    public async Task Test_reader_once_should_cut_the_requests_of_its_file_then_end()
    {
        var path = File("slices.json", """[{"a":1},{"a":2},{"a":3}]""");
        Assert.Equal(["""{"a":1}""", """{"a":2}""", """{"a":3}"""], await Cut(Plan($$"""{"_op":"test-reader","slicer_data_file_path":"{{path}}"}""")));
    }

    [Fact]
    public async Task Test_reader_persistent_should_go_round_its_requests()
    {
        var path = File("slices.json", """[{"a":1},{"a":2},{"a":3}]""");
        var requests = await Cut(Plan($$"""{"_op":"test-reader","slicer_data_file_path":"{{path}}"}""", "persistent"), max: 7);
        Assert.Equal(["""{"a":1}""", """{"a":2}""", """{"a":3}""", """{"a":1}""", """{"a":2}""", """{"a":3}""", """{"a":1}"""], requests);

        var single = File("one.json", """[{"a":1}]""");
        Assert.Equal(3, (await Cut(Plan($$"""{"_op":"test-reader","slicer_data_file_path":"{{single}}"}""", "persistent"), max: 3)).Count);
    }

    [Fact]
    public async Task Test_reader_should_fetch_its_sample_records_without_a_file()
    {
        var records = await Fetch(Plan("""{"_op":"test-reader"}"""));
        Assert.Equal(100, records.Count);
        Assert.Equal(["id", "name", "ip", "url", "created"], records[0].Keys);
    }

    [Fact]
    public async Task Test_reader_should_fetch_fresh_records_from_its_file_for_every_slice()
    {
        var path = File("records.json", """[{"id":1,"name":"a"},{"id":2,"name":"b"}]""");
        var plan = Plan($$"""{"_op":"test-reader","fetcher_data_file_path":"{{path}}"}""");
        var fetched = await Fetch(plan);
        Assert.Equal([1L, 2L], Harness.Values(fetched, "id"));
        fetched[0]["id"] = 99L;
        Assert.Equal([1L, 2L], Harness.Values(await Fetch(plan), "id"));
    }

    [Fact]
    public async Task Test_reader_passthrough_should_return_the_slice_request_as_records()
    {
        var plan = Plan("""{"_op":"test-reader","passthrough_slice":true}""");
        var records = await Fetch(plan, """[{"a":1},{"a":2,"b":{"c":true}}]""");
        Assert.Equal([1L, 2L], Harness.Values(records, "a"));
        Assert.Equal(true, ((DataEntity)records[1]["b"]!)["c"]);
        Assert.Empty(await Fetch(plan, "[]"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Fetch(plan, """{"a":1}"""));
        Assert.Equal("Test, when passthrough_slice is set to true it expects an array", error.Message);
    }

    [Fact]
    public async Task Test_reader_should_say_which_file_it_could_not_read()
    {
        var missing = Path.Combine(_dir, "nope.json");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Fetch(Plan($$"""{"_op":"test-reader","fetcher_data_file_path":"{{missing}}"}""")));
        Assert.Equal($"Unable to read file at path {missing}", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Cut(Plan($$"""{"_op":"test-reader","slicer_data_file_path":"{{missing}}"}""")));
        var notArray = File("object.json", """{"a":1}""");
        Assert.Contains("must hold a JSON array", (await Assert.ThrowsAsync<InvalidOperationException>(() => Fetch(Plan($$"""{"_op":"test-reader","fetcher_data_file_path":"{{notArray}}"}""")))).Message);
    }

    [Fact]
    public void Test_reader_should_default_passthrough_to_false_and_validate_its_options()
    {
        var ex = new JobValidator(BuiltinOperations.Registry, 1).Validate((JsonObject)JsonNode.Parse("""{"operations":[{"_op":"test-reader"},{"_op":"noop"}]}""")!).ExConfig;
        Assert.False((bool)ex["operations"]![0]!["passthrough_slice"]!);
        var error = Assert.Throws<JobValidationException>(() => new JobValidator(BuiltinOperations.Registry, 1).Validate(
            (JsonObject)JsonNode.Parse("""{"operations":[{"_op":"test-reader","passthrough_slice":"yes"},{"_op":"noop"}]}""")!));
        Assert.Contains("Validation failed for operation config: test-reader - passthrough_slice: must be a boolean", error.Message);
    }
}
