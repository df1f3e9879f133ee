using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;
using static Teraslice.Akka.Integration.Support.SeededExecution;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Upstream's recovery matrix (e2e data/recovery-spec, teraslice-notes §3.6, §9) with exact counts, on
/// SQLite and PostgreSQL. Each job has an execution that ended <c>failed</c> with 8 slices of 100
/// records: 2 completed, 2 started (out with a worker when it ended), 2 error, 2 pending, seeded
/// through the node's own store and journal code while the node is stopped (the API cannot make that
/// state: a stop hands slices back, a crash resumes them). Then the node starts and each job is
/// recovered through the API with one cleanup type; <c>slice_log</c> says which slices ran, by id.
/// The jobs are 1,200 records (the old slicer had cut only 8 of 12 slices), so a recovery that went
/// on slicing when it should stop would show, and the one that should go on must end exactly at 1,200.
/// </summary>
public sealed class RecoveryMatrixSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private const long SliceSize = 100;
    private const long JobSize = 1200;
    private const int JobSlices = 12;

    // each slice takes this long, so that a poll sees "recovering" (and "running" after it) however the machine is loaded
    private const int SliceDelayMs = 500;

    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(90);

    // orders 1..8, the states mixed so that no cleanup type is a range of orders
    private static readonly SliceState[] OldSlices =
    [
        SliceState.Completed, SliceState.Error, SliceState.Completed, SliceState.Started,
        SliceState.Error, SliceState.Started, SliceState.Pending, SliceState.Pending,
    ];

    [StorageTheory]
    public Task Recover_should_run_again_exactly_the_slices_its_cleanup_type_selects_with_their_ids(Storage storage) => WithNodeLogsOnFailure(async () =>
    {
        var database = await OwnAsync(storage);
        // 4 recoveries of 2 workers side by side
        var node = Own(NodeProcess.Create(workers: 8, database.NodeArguments));
        var cases = new List<Case>();
        foreach (var cleanup in (string?[])["errors", "all", "pending", null])
        {
            var name = $"recovery-matrix-{cleanup ?? "none"}";
            var log = new SliceLogFile(Path.Combine(node.DataDir, name + ".tsv"));
            var seeded = await WriteAsync(node, database, JobSpec(name, log), DataGeneratorSlices(SliceSize, OldSlices));
            cases.Add(new Case(cleanup, seeded, log));
        }

        await node.StartFirstAsync();
        await database.ShouldBeUsedByAsync(node);
        await using var watcher = new ExecutionWatcher(node.Api, TimeSpan.FromMilliseconds(50));
        foreach (var c in cases)
        {
            watcher.Track(c.Old.JobId);
            Assert.Equal("failed", await node.Api.StatusAsync(c.Old.ExId));
        }
        foreach (var c in cases)
        {
            var query = c.Cleanup is null ? "" : $"?cleanup_type={c.Cleanup}";
            var reply = (await node.Api.PostAsync($"/v1/jobs/{c.Old.JobId}/_recover{query}")).ShouldBeOk().AsObject();
            c.RecoveryExId = Json.Str(reply, "ex_id");
        }
        foreach (var c in cases)
            c.Recovery = await node.Api.WaitForStatusAsync(c.RecoveryExId!, "completed", Completion);
        await watcher.PollAsync();

        foreach (var c in cases) ShouldHaveRunExactlyWhatItsCleanupTypeSelects(c, watcher);
        Assert.True(watcher.Violations.Count == 0, watcher.Describe());
        foreach (var c in cases)
            Assert.Equal("failed", await node.Api.StatusAsync(c.Old.ExId));
    });

    private void ShouldHaveRunExactlyWhatItsCleanupTypeSelects(Case c, ExecutionWatcher watcher)
    {
        var what = $"recovery {c.RecoveryExId} of {c.Old.ExId} with cleanup_type {c.Cleanup ?? "(none)"}";
        var recovery = c.Recovery!;
        Assert.Equal(c.Old.ExId, Json.Str(recovery, "recovered_execution"));
        if (c.Cleanup is null) Assert.False(recovery.ContainsKey("recovered_slice_type"), $"{what}: no cleanup type, no recovered_slice_type: {recovery.ToJsonString()}");
        else Assert.Equal(c.Cleanup, Json.Str(recovery, "recovered_slice_type"));

        // the old slices each selects, by id: errors → the failed, pending → the never handed out, all or none → all but the completed
        var replayed = c.Cleanup switch
        {
            "errors" => c.Old.In(SliceState.Error).ToList(),
            "pending" => c.Old.In(SliceState.Pending).ToList(),
            _ => c.Old.In(SliceState.Started, SliceState.Error, SliceState.Pending).ToList(),
        };
        var lines = c.Log.Read();
        var described = $"{what}: slice_log\n  {SliceLogFile.Describe(lines)}\nseeded\n  {string.Join("\n  ", c.Old.Slices.Select(s => $"{s.SlicerOrder,3} {s.SliceId} {s.State}"))}";
        foreach (var slice in c.Old.Slices)
        {
            var ran = lines.Where(l => l.SliceId == slice.SliceId).ToList();
            var expected = replayed.Contains(slice) ? 1 : 0;
            Assert.True(ran.Count == expected, $"{described}\nold slice {slice.SlicerOrder} ({slice.State}) should have run {expected} time(s), ran {ran.Count}");
            Assert.All(ran, l => Assert.True(l.SlicerOrder == slice.SlicerOrder && l.Records == SliceSize,
                $"{described}\nold slice {slice.SliceId} should keep its order {slice.SlicerOrder} and carry {SliceSize} records: {l}"));
        }

        // without a cleanup type it goes on after the old slicer's last cut (order 8, 800 records) to the job's end, once each
        var fresh = lines.Where(l => c.Old.Slices.All(s => s.SliceId != l.SliceId)).ToList();
        var expectedFresh = c.Cleanup is null ? Enumerable.Range(OldSlices.Length + 1, JobSlices - OldSlices.Length).Select(o => (long)o).ToList() : [];
        Assert.True(fresh.Select(l => l.SlicerOrder).Order().SequenceEqual(expectedFresh),
            $"{described}\nthe new slices should have the orders [{string.Join(", ", expectedFresh)}], once each");
        Assert.True(fresh.Select(l => l.SliceId).Distinct().Count() == fresh.Count && fresh.All(l => l.Records == SliceSize),
            $"{described}\neach new slice should run once with {SliceSize} records");

        // the execution's counters agree, and with the completed old slices the job is done exactly once
        var stats = Json.Stats(recovery);
        var slices = replayed.Count + expectedFresh.Count;
        Assert.True(Json.Long(stats, "processed") == slices && Json.Long(stats, "failed") == 0
                    && Json.Long(stats, "records_in") == slices * SliceSize && Json.Long(stats, "records_out") == slices * SliceSize,
            $"{what}: _slicer_stats should count {slices} slices and {slices * SliceSize} records, none failed: {stats.ToJsonString()}");
        if (c.Cleanup is null)
        {
            var total = c.Old.In(SliceState.Completed).Count() * SliceSize + lines.Sum(l => l.Records);
            Assert.True(total == JobSize, $"{described}\nthe old completed slices and the recovery together should make the job's {JobSize} records exactly, made {total}");
        }

        // seen recovering while it ran the old slices; without a cleanup type, running after them
        var seen = watcher.Statuses(c.RecoveryExId!);
        var recovering = seen.ToList().IndexOf("recovering");
        var expectedAfter = c.Cleanup is null ? "running" : "completed";
        Assert.True(recovering >= 0 && seen.Skip(recovering + 1).FirstOrDefault() == expectedAfter && seen[^1] == "completed",
            $"{what}: should be seen recovering, then {expectedAfter}{(c.Cleanup is null ? ", then completed" : "")}; seen {string.Join(" → ", seen)}");
    }

    /// <summary>data_generator once of <see cref="JobSize"/> records in slices of <see cref="SliceSize"/>, each slice taking <see cref="SliceDelayMs"/>, logged.</summary>
    private static string JobSpec(string name, SliceLogFile log) => $$"""
        {"name":"{{name}}","lifecycle":"once","workers":2,"operations":[
          {"_op":"data_generator","size":{{JobSize}},"slice_size":{{SliceSize}}},
          {"_op":"delay","ms":{{SliceDelayMs}}},
          {{log.Operation}}]}
        """;

    private sealed class Case(string? cleanup, Seeded old, SliceLogFile log)
    {
        public string? Cleanup { get; } = cleanup;
        public Seeded Old { get; } = old;
        public SliceLogFile Log { get; } = log;
        public string? RecoveryExId { get; set; }
        public JsonObject? Recovery { get; set; }
    }
}
