using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class FileExporterSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static List<List<DataEntity>> Slices(params int[] sizes)
    {
        var next = 0;
        return sizes.Select(n => Enumerable.Range(0, n).Select(_ => new DataEntity { ["id"] = (long)next++ }).ToList()).ToList();
    }

    /// <summary>More than the encoder buffers before it writes, then a record raw format cannot write.</summary>
    private static List<DataEntity> ManyThenBad() =>
        [.. Enumerable.Range(0, 50_000).Select(i => new DataEntity { ["data"] = $"line {i}" }), new DataEntity()];

    private FileSender Sender(string options = "ldjson", bool filePerSlice = false, string worker = "node-a__1") =>
        new(new FileWriteOptions(_folder.Path, options, null, "none", [], ",", "\n", filePerSlice, false), _folder.Path, worker, NullLogger.Instance);

    [Fact]
    public async Task Each_worker_should_append_to_its_own_file()
    {
        await FileJobs.WriteAll(Slices(2, 0, 1), $$"""{"_op":"file_exporter","path":{{_folder.Json}}}""", workerId: "node-a__1");
        await FileJobs.WriteAll(Slices(1), $$"""{"_op":"file_exporter","path":{{_folder.Json}}}""", workerId: "node-b__1");
        await FileJobs.WriteAll(Slices(1), $$"""{"_op":"file_exporter","path":{{_folder.Json}}}""", workerId: "node-a__1");

        Assert.Equal(["node-a__1.ldjson", "node-b__1.ldjson"], _folder.Files());
        Assert.Equal(["{\"id\":0}", "{\"id\":1}", "{\"id\":2}", "{\"id\":0}"], File.ReadAllLines(_folder["node-a__1.ldjson"]));
    }

    [Fact]
    public async Task File_per_slice_should_name_files_by_worker_and_slice_count_and_skip_empty_slices()
    {
        await FileJobs.WriteAll(Slices(1, 0, 2), $$"""{"_op":"file_exporter","path":{{_folder.Json}},"file_per_slice":true}""");

        // upstream counts every slice, empty ones included, and writes no file for them
        Assert.Equal(["node-a__1.0.ldjson", "node-a__1.2.ldjson"], _folder.Files());
    }

    [Fact]
    public async Task File_per_slice_should_never_overwrite_an_existing_file()
    {
        await FileJobs.WriteAll(Slices(1, 1), $$"""{"_op":"file_exporter","path":{{_folder.Json}},"file_per_slice":true}""");
        // a later run whose worker has the same id
        await FileJobs.WriteAll(Slices(3), $$"""{"_op":"file_exporter","path":{{_folder.Json}},"file_per_slice":true}""");

        Assert.Equal(["node-a__1.0.ldjson", "node-a__1.1.ldjson", "node-a__1.2.ldjson"], _folder.Files());
        Assert.Equal(3, File.ReadAllLines(_folder["node-a__1.2.ldjson"]).Length);
    }

    [Theory]
    [InlineData("txt", "node-a__1.0.txt")]
    [InlineData(".dat", "node-a__1.0.dat")]
    public async Task An_extension_should_replace_the_default_one(string extension, string expected)
    {
        await FileJobs.WriteAll(Slices(1), $$"""{"_op":"file_exporter","path":{{_folder.Json}},"file_per_slice":true,"compression":"gzip","extension":"{{extension}}"}""");

        Assert.Equal([expected], _folder.Files());
    }

    [Fact]
    public async Task A_failed_file_per_slice_send_should_leave_no_file_at_all()
    {
        await using var sender = Sender("raw", filePerSlice: true);

        // the last record has no data: the send fails after hundreds of KB went to the file
        await Assert.ThrowsAsync<FormatException>(() => sender.SendAsync(ManyThenBad(), default));

        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public async Task A_failed_append_should_cut_the_file_back_to_where_the_send_began()
    {
        await using var sender = Sender("raw");
        await sender.SendAsync([new DataEntity { ["data"] = "first" }], default);

        await Assert.ThrowsAsync<FormatException>(() => sender.SendAsync(ManyThenBad(), default));

        Assert.Equal("first\n", File.ReadAllText(_folder["node-a__1"]));
    }

    [Fact]
    public async Task An_append_file_left_ending_in_a_partial_line_should_be_cut_to_its_last_line_first()
    {
        File.WriteAllText(_folder["node-a__1.ldjson"], "{\"id\":0}\n{\"id\":1}\n{\"id\":");
        await using var sender = Sender();

        await sender.SendAsync([new DataEntity { ["id"] = 9L }], default);

        Assert.Equal("{\"id\":0}\n{\"id\":1}\n{\"id\":9}\n", File.ReadAllText(_folder["node-a__1.ldjson"]));
    }

    [Fact]
    public async Task An_append_file_that_is_one_partial_line_should_be_emptied_first()
    {
        File.WriteAllText(_folder["node-a__1.ldjson"], new string('x', 200_000));
        await using var sender = Sender();

        await sender.SendAsync([new DataEntity { ["id"] = 9L }], default);

        Assert.Equal("{\"id\":9}\n", File.ReadAllText(_folder["node-a__1.ldjson"]));
    }

    [Fact]
    public async Task The_sender_api_should_write_a_destination_into_a_folder_inside_path_and_refuse_to_leave_it()
    {
        var plan = FileJobs.Plan("""[{"_op":"bench_gen","slices":1,"size":1},{"_op":"noop"}]""",
            $$"""[{"_name":"file_sender_api","path":{{_folder.Json}},"file_per_slice":true}]""");
        await using var pipeline = plan.CreatePipeline("node-a__7", NullLogger.Instance);
        await pipeline.InitializeAsync(default);
        var api = pipeline.Apis.Get<FileSenderApi>("file_sender_api");

        var routed = await api.GetSenderAsync("route/a", default);
        await routed.SendAsync([new DataEntity { ["id"] = 1L }], default);

        Assert.Same(routed, await api.GetSenderAsync("route/a", default));
        Assert.Equal(["route/a/node-a__7.0.ldjson"], _folder.Files());
        await Assert.ThrowsAsync<ArgumentException>(async () => await api.GetSenderAsync("../escape", default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await api.GetSenderAsync("/etc", default));
    }

    [Fact]
    public async Task File_exporter_should_use_the_file_sender_api_named_by_api_name()
    {
        await FileJobs.WriteAll(Slices(2), """{"_op":"file_exporter","_api_name":"file_sender_api:csv"}""",
            $$"""[{"_name":"file_sender_api:csv","path":{{_folder.Json}},"format":"csv","include_header":true}]""");

        Assert.Equal("\"id\"\n0\n1\n", File.ReadAllText(_folder["node-a__1.csv"]));
    }
}
