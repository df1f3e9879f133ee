using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class FileReaderRecoverySpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public FileReaderRecoverySpecs()
    {
        Directory.CreateDirectory(_folder["sub"]);
        File.WriteAllText(_folder["a.ldjson"], Lines(0, 40));
        File.WriteAllText(_folder["sub/b.ldjson"], Lines(40, 5));
        File.WriteAllText(_folder["c.ldjson"], Lines(45, 60));
    }

    public void Dispose() => _folder.Dispose();

    private static string Lines(int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"{{\"id\":{i}}}\n"));

    private ExecutionPlan Plan(int slicers = 1) =>
        FileJobs.Plan($$"""[{"_op":"file_reader","path":{{_folder.Json}},"size":30},{"_op":"noop"}]""", slicers: slicers);

    [Fact]
    public async Task A_recovered_slicer_should_resume_right_after_its_last_slice()
    {
        var all = await FileJobs.Cut(Plan());
        Assert.True(all.Count > 20);

        for (var k = 0; k < all.Count; k++)
        {
            var rest = await FileJobs.Cut(Plan(), lastSlice: all[k]);
            Assert.Equal(all.Skip(k + 1), rest);
        }
    }

    [Fact]
    public async Task A_recovered_slicer_should_go_on_with_the_next_file_when_its_last_file_is_gone()
    {
        var all = await FileJobs.Cut(Plan());
        var lastOfA = all.Last(r => r.Contains("a.ldjson"));
        File.Delete(_folder["a.ldjson"]);

        var rest = await FileJobs.Cut(Plan(), lastSlice: lastOfA);

        Assert.Equal(all.SkipWhile(r => r != lastOfA).Skip(1), rest);
    }

    [Fact]
    public async Task Parallel_slicers_should_share_the_ranges_without_overlap_or_gap()
    {
        var all = await FileJobs.Cut(Plan());

        var parts = new List<List<string>>();
        for (var id = 0; id < 3; id++) parts.Add(await FileJobs.Cut(Plan(slicers: 3), slicerId: id));

        Assert.All(parts, part => Assert.NotEmpty(part));
        Assert.Equal(all.Count, parts.Sum(p => p.Count));
        Assert.Equal(all.Order(), parts.SelectMany(p => p).Order());
    }

    [Fact]
    public async Task A_recovered_parallel_slicer_should_resume_its_own_share()
    {
        var share = await FileJobs.Cut(Plan(slicers: 3), slicerId: 1);

        var rest = await FileJobs.Cut(Plan(slicers: 3), slicerId: 1, lastSlice: share[2]);

        Assert.Equal(share.Skip(3), rest);
    }

    [Fact]
    public async Task Reading_the_slices_of_parallel_slicers_should_give_every_record_once()
    {
        var requests = new List<string>();
        for (var id = 0; id < 3; id++) requests.AddRange(await FileJobs.Cut(Plan(slicers: 3), slicerId: id));
        var key = Guid.NewGuid().ToString("N");
        var plan = FileJobs.Plan($$"""[{"_op":"file_reader","path":{{_folder.Json}},"size":30},{"_op":"file_specs_sink","key":"{{key}}"}]""", slicers: 3);

        var outcomes = await FileJobs.Run(plan, requests);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
        FileJobs.Sinks.TryRemove(key, out var records);
        Assert.Equal(Enumerable.Range(0, 105).Select(i => (long)i), records!.Select(r => (long)r["id"]!).Order());
    }
}
