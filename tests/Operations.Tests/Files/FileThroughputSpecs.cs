using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class FileThroughputSpecs(ITestOutputHelper output)
{
    private const int Lines = 100_000;

    [Fact]
    public async Task A_100000_line_ldjson_file_should_be_written_and_read_end_to_end_through_real_plans()
    {
        using var folder = new TempFolder();
        // 10 slices of 10,000 bench records, written by file_exporter into one file
        var slices = Enumerable.Range(0, 10)
            .Select(s => Enumerable.Range(s * 10_000, 10_000).Select(i => Testing.BenchGenFetcher.Make(i)).ToList())
            .ToList();

        var write = Stopwatch.StartNew();
        await FileJobs.WriteAll(slices, $$"""{"_op":"file_exporter","path":{{folder.Json}}}""");
        write.Stop();
        var file = folder["node-a__1.ldjson"];
        var bytes = new FileInfo(file).Length;

        var read = Stopwatch.StartNew();
        // 1 MB ranges: about 14 slices whose boundaries cut lines
        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{folder.Json}},"size":1000000}""");
        read.Stop();

        Assert.Equal(Lines, records.Count);
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => (long)i), records.Select(r => (long)r["id"]!));
        Assert.Equal(DataEntityJson.Serialize(Testing.BenchGenFetcher.Make(Lines - 1)), DataEntityJson.Serialize(records[^1]));
        output.WriteLine($"{Lines:N0} ldjson lines, {bytes / 1e6:F1} MB: write {write.ElapsedMilliseconds} ms ({Lines / write.Elapsed.TotalSeconds:N0} lines/s), " +
                         $"read {read.ElapsedMilliseconds} ms ({Lines / read.Elapsed.TotalSeconds:N0} lines/s)");
    }
}
