using System.Text;
using System.Text.Json;
using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class FileReaderSlicingSpecs
{
    private static FileSlice[] Slices(IEnumerable<string> requests) =>
        requests.Select(r => JsonSerializer.Deserialize<FileSlice>(r, SliceRequest.JsonOptions)!).ToArray();

    [Fact]
    public async Task Ranges_should_be_cut_as_upstream_cuts_them()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder["a.txt"], new byte[1000]);
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{folder.Json}},"size":300},{"_op":"noop"}]""");

        var slices = Slices(await FileJobs.Cut(plan));

        // upstream's documented example: size 300 over 1000 bytes
        Assert.Equal([(0L, 300L), (299L, 301L), (599L, 301L), (899L, 101L)], slices.Select(s => (s.Offset, s.Length)));
        Assert.All(slices, s => Assert.Equal(1000, s.Total));
        Assert.All(slices, s => Assert.Equal(folder["a.txt"], s.Path));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_whole_file_should_be_one_slice_with_file_per_slice_json_or_compression(bool filePerSlice, bool json)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["a.txt"], "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
        var options = filePerSlice ? ""","file_per_slice":true""" : json ? ""","format":"json" """ : "";
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{folder.Json}},"size":5{{options}}},{"_op":"noop"}]""");

        var slices = Slices(await FileJobs.Cut(plan));

        if (filePerSlice || json)
        {
            var slice = Assert.Single(slices);
            Assert.Equal((0L, 24L, 24L), (slice.Offset, slice.Length, slice.Total));
        }
        else
        {
            Assert.Equal(5, slices.Length);
        }
    }

    public static TheoryData<int, string, bool> Sizes()
    {
        var data = new TheoryData<int, string, bool>();
        foreach (var size in new[] { 4, 5, 7, 13, 31, 64, 100, 333, 4096, 1_000_000 })
            foreach (var delimiter in new[] { "\n", "\r\n", "<|>" })
                foreach (var trailing in new[] { true, false })
                    data.Add(size, delimiter, trailing);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Every_line_should_be_read_exactly_once_whatever_the_slice_size(int size, string delimiter, bool trailingDelimiter)
    {
        using var folder = new TempFolder();
        // lines of 0..40 characters (some longer than the slice), empty ones, multi-byte characters
        var random = new Random(size * 31 + delimiter.Length);
        var lines = Enumerable.Range(0, 300)
            .Select(i => i % 17 == 0 ? "" : $"{i}:" + new string("aé€x"[i % 4], random.Next(0, 40)))
            .ToList();
        var text = string.Join(delimiter, lines) + (trailingDelimiter ? delimiter : "");
        File.WriteAllText(folder["lines.txt"], text, new UTF8Encoding(false));

        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{folder.Json}},"size":{{size}},"format":"raw","line_delimiter":{{FileJobs.Json(delimiter)}}}""");

        Assert.Equal(lines, records.Select(r => (string)r["data"]!));
        Assert.Equal(lines.Select(l => Encoding.UTF8.GetBytes(l)), records.Select(r => r.RawData!));
    }

    [Fact]
    public void A_delimiter_that_overlaps_itself_should_need_file_per_slice()
    {
        var error = Assert.Throws<JobValidationException>(() =>
            FileJobs.Plan("""[{"_op":"file_reader","path":"/x","line_delimiter":"||"},{"_op":"noop"}]"""));
        Assert.Contains("file_reader - line_delimiter: can overlap itself", error.Message);

        FileJobs.Plan("""[{"_op":"file_reader","path":"/x","line_delimiter":"||","file_per_slice":true},{"_op":"noop"}]""");
    }

    [Fact]
    public async Task A_folder_should_be_read_recursively_in_sorted_order_skipping_dot_names()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder["b"]);
        Directory.CreateDirectory(folder["b/c"]);
        Directory.CreateDirectory(folder[".hidden"]);
        foreach (var name in new[] { "z.txt", "a.txt", "b/y.txt", "b/c/x.txt", "b/.skip.txt", ".hidden/w.txt", "B.txt" })
            File.WriteAllText(folder[name], "{\"n\":1}\n");
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{folder.Json}}},{"_op":"noop"}]""");

        var paths = Slices(await FileJobs.Cut(plan)).Select(s => Path.GetRelativePath(folder.Path, s.Path));

        Assert.Equal(["B.txt", "a.txt", "b/c/x.txt", "b/y.txt", "z.txt"], paths);
    }

    [Fact]
    public async Task A_single_file_path_should_be_read()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["one.ldjson"], "{\"n\":1}\n{\"n\":2}\n");

        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{FileJobs.Json(folder["one.ldjson"])}}}""");

        Assert.Equal([1L, 2L], records.Select(r => (long)r["n"]!));
    }

    [Fact]
    public async Task Empty_files_should_be_cut_into_no_slice()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["empty.txt"], "");
        File.WriteAllText(folder["full.txt"], "{\"n\":1}\n");
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{folder.Json}}},{"_op":"noop"}]""");

        Assert.Equal([folder["full.txt"]], Slices(await FileJobs.Cut(plan)).Select(s => s.Path));
    }

    [Fact]
    public async Task A_missing_path_or_an_empty_folder_should_fail_the_slicer_with_the_path()
    {
        using var folder = new TempFolder();
        var missing = folder["nope"];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FileJobs.Cut(
            FileJobs.Plan($$"""[{"_op":"file_reader","path":{{FileJobs.Json(missing)}}},{"_op":"noop"}]""")));
        Assert.Contains($"\"{missing}\" does not exist", error.Message);

        error = await Assert.ThrowsAsync<InvalidOperationException>(() => FileJobs.Cut(
            FileJobs.Plan($$"""[{"_op":"file_reader","path":{{folder.Json}}},{"_op":"noop"}]""")));
        Assert.Contains("is an empty directory", error.Message);
    }

    [Fact]
    public async Task Slices_should_come_in_batches_no_larger_than_the_max_queue_length()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder["a.txt"], new byte[10_000]);
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{folder.Json}},"size":10},{"_op":"noop"}]""", workers: 5);
        await using var slicer = plan.CreateSlicer(0, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await slicer.InitializeAsync(null, default);

        var first = await slicer.SliceAsync(default);

        Assert.Equal(15, slicer.MaxQueueLength);
        Assert.Equal(15, first.Requests.Count);
        Assert.False(first.IsDone);
    }
}
