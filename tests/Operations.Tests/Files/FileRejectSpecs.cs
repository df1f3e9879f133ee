using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed record FileSpecsDlqConfig : ApiConfig;

/// <summary><c>file_specs_dlq</c>: a dead letter queue api that keeps what it is given.</summary>
public sealed class FileSpecsDlq : ApiDefinition<FileSpecsDlqConfig, FileSpecsDlqApi>
{
    public override string Name => "file_specs_dlq";
}

public sealed class FileSpecsDlqApi : OperationApi<FileSpecsDlqConfig>, IDeadLetterApi
{
    public static readonly List<string> Received = [];

    public void Reject(DataEntity record, Exception error, string op)
    {
        lock (Received) Received.Add($"{op}|{record["data"]}|{error.Message}");
    }
}

[Collection("file dlq")] // FileSpecsDlqApi.Received is shared
public sealed class FileRejectSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public FileRejectSpecs() =>
        File.WriteAllText(_folder["a.ldjson"], "{\"id\":1}\nnot json\n{\"id\":2}\n\n   \n[1,2]\n{\"id\":3}\n");

    public void Dispose() => _folder.Dispose();

    private async Task<(SliceOutcome Outcome, string Key)> Read(string options, string apis = "[]")
    {
        var key = Guid.NewGuid().ToString("N");
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{_folder.Json}}{{options}}},{"_op":"file_specs_sink","key":"{{key}}"}]""", apis);
        var outcomes = await FileJobs.Run(plan, await FileJobs.Cut(plan));
        return (Assert.Single(outcomes), key);
    }

    private static long[] Ids(string key) =>
        FileJobs.Sinks.TryRemove(key, out var records) ? records.Select(r => (long)r["id"]!).ToArray() : [];

    [Theory]
    [InlineData(""","_dead_letter_action":"none" """)]
    [InlineData(""","_dead_letter_action":"log" """)]
    [InlineData(""","on_reject_action":"none" """)]
    [InlineData(""","on_reject_action":"log","_dead_letter_action":"throw" """)]
    public async Task Bad_lines_should_be_dropped_when_the_action_is_log_or_none(string options)
    {
        var (outcome, key) = await Read(options);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([1L, 2L, 3L], Ids(key));
        Assert.Equal(2, outcome.Metrics.Counters![FileReaderFetcher.RejectedCounter]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","_dead_letter_action":"throw" """)]
    [InlineData(""","on_reject_action":"throw","_dead_letter_action":"none" """)]
    public async Task A_bad_line_should_fail_the_slice_naming_the_file_and_byte_when_the_action_is_throw(string options)
    {
        var (outcome, _) = await Read(options);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"{_folder["a.ldjson"]} at byte 9: not a JSON object", outcome.Error);
    }

    [Fact]
    public async Task Bad_lines_should_go_to_the_dead_letter_api_named_by_the_action()
    {
        lock (FileSpecsDlqApi.Received) FileSpecsDlqApi.Received.Clear();

        var (outcome, key) = await Read(""","_dead_letter_action":"file_specs_dlq" """, """[{"_name":"file_specs_dlq"}]""");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([1L, 2L, 3L], Ids(key));
        lock (FileSpecsDlqApi.Received)
        {
            Assert.Equal(2, FileSpecsDlqApi.Received.Count);
            Assert.StartsWith($"file_reader|not json|{_folder["a.ldjson"]} at byte 9", FileSpecsDlqApi.Received[0]);
            Assert.StartsWith("file_reader|[1,2]|", FileSpecsDlqApi.Received[1]);
        }
    }

    [Fact]
    public async Task Json_array_elements_that_are_not_objects_should_be_rejected()
    {
        File.Delete(_folder["a.ldjson"]);
        File.WriteAllText(_folder["a.json"], "[{\"id\":1}, 7, {\"id\":2}]");

        var (outcome, key) = await Read(""","format":"json","_dead_letter_action":"none" """);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([1L, 2L], Ids(key));
    }

    [Fact]
    public async Task A_json_file_that_is_not_json_should_fail_the_slice()
    {
        File.Delete(_folder["a.ldjson"]);
        File.WriteAllText(_folder["a.json"], "[{\"id\":1}, {oops");

        var (outcome, _) = await Read(""","format":"json","_dead_letter_action":"none" """);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"{_folder["a.json"]}: not a valid json file", outcome.Error);
    }

    [Fact]
    public async Task A_csv_quote_left_open_should_be_rejected_in_byte_ranges_and_at_the_end_of_a_whole_file()
    {
        File.Delete(_folder["a.ldjson"]);
        File.WriteAllText(_folder["a.csv"], "1,ok\n2,\"open\n3,fine\n");

        var (outcome, key) = await Read(""","format":"csv","fields":["id","v"],"extra_args":{"checkType":true},"_dead_letter_action":"none" """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([1L, 3L], Ids(key));

        (outcome, key) = await Read(""","format":"csv","fields":["id","v"],"file_per_slice":true,"extra_args":{"checkType":true},"_dead_letter_action":"none" """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([1L], Ids(key)); // the open quote swallows the rest of the file, which is then rejected
    }

    [Theory]
    [InlineData("none", true, 1)]
    [InlineData("throw", false, 0)]
    public async Task File_exporter_raw_should_reject_records_without_data(string action, bool succeeds, int written)
    {
        var slices = new List<List<DataEntity>> { new() { new DataEntity { ["data"] = "ok" }, new DataEntity { ["other"] = 1L } } };

        var run = FileJobs.WriteAll(slices, $$"""{"_op":"file_exporter","path":{{_folder.Json}},"format":"raw","_dead_letter_action":"{{action}}"}""");

        if (succeeds) await run;
        else Assert.Contains("raw data", (await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => run)).Message);
        var file = _folder["node-a__1"];
        Assert.Equal(written == 0 ? [] : ["ok"], File.Exists(file) ? File.ReadAllLines(file) : []);
    }

    [Fact]
    public void Rejected_records_should_carry_the_line_as_data_and_raw_bytes()
    {
        var line = "not json \u00e9"u8.ToArray();

        var record = FileReaderFetcher.BadRecord(line);

        Assert.Equal("not json \u00e9", record["data"]);
        Assert.Equal(line, record.RawData);
    }
}
