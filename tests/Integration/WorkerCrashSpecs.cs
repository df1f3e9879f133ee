using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// A node that dies in the middle of a slice (<c>fault_injector</c> with <c>crash: true</c> kills its
/// own process with SIGKILL on the first attempt of one slice): after a restart on the same data dir
/// the execution resumes by itself, the slice that was running is run again, and the final state
/// counts every slice and record exactly once.
/// </summary>
public sealed class WorkerCrashSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private const int Slices = 20;
    private const int CrashOrder = 6;
    private static readonly TimeSpan Bounded = Scenarios.Bounded;

    [Fact]
    public Task Once_execution_should_complete_exactly_after_its_node_crashed_mid_slice() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync();
        using var scratch = new ScratchDir("worker-crash");
        var (attempts, done) = (scratch.SliceLog("attempts"), scratch.SliceLog("done"));
        var (jobId, exId) = await node.Api.SubmitAsync($$"""
            {"name":"worker-crash","lifecycle":"once","workers":2,"operations":[
              {"_op":"data_generator","size":{{Slices * 100}},"slice_size":100},
              {"_op":"delay","ms":100},
              {{attempts.Operation}},
              {"_op":"fault_injector","slicer_orders":[{{CrashOrder}}],"attempts":1,"crash":true},
              {{done.Operation}}]}
            """);

        // the first attempt of slice 6 kills the node: nothing else stops it
        await node.WaitForExitAsync(Bounded);
        var beforeCrash = attempts.Read();
        var crashed = beforeCrash.Where(l => l.SlicerOrder == CrashOrder).ToList();
        Assert.True(crashed.Count == 1, $"slice {CrashOrder} should have been attempted once when the node died:\n  {SliceLogFile.Describe(beforeCrash)}");
        var crashedId = crashed[0].SliceId;
        Assert.DoesNotContain(done.Read(), l => l.SliceId == crashedId);

        await node.RestartOnSameDataDirAsync();
        await CrashSafetySpecs.ShouldStillBeListedAsync(node, jobId, exId);
        var ex = await CompletedWhileAliveAsync(node, exId, attempts);

        var stats = Json.Stats(ex);
        Assert.True(Json.Long(stats, "processed") == Slices && Json.Long(stats, "failed") == 0
                    && Json.Long(stats, "records_in") == Slices * 100 && Json.Long(stats, "records_out") == Slices * 100,
            $"the final state should count {Slices} slices and {Slices * 100} records exactly once, none failed: {stats.ToJsonString()}");
        Assert.Empty(await node.Api.GetArrayAsync($"/v1/ex/{exId}/errors"));

        // every slice got through at least once (those whose completion was not yet written when the node died may twice),
        // and the crashed one exactly once: its re-run, after a first attempt that never got past the fault
        var through = done.Read();
        var byOrder = through.GroupBy(l => l.SlicerOrder).ToDictionary(g => g.Key, g => g.Select(l => l.SliceId).Distinct().ToList());
        Assert.True(byOrder.Count == Slices && byOrder.Keys.Order().SequenceEqual(Enumerable.Range(1, Slices).Select(o => (long)o))
                    && byOrder.Values.All(ids => ids.Count == 1) && through.All(l => l.Records == 100),
            $"slice_log after the fault should show every order 1..{Slices}, each with one id and 100 records:\n  {SliceLogFile.Describe(through)}");
        Assert.True(through.Count(l => l.SliceId == crashedId) == 1, $"the crashed slice {crashedId} should have got through once, after the restart:\n  {SliceLogFile.Describe(through)}");
        var tries = attempts.Read().Count(l => l.SliceId == crashedId);
        Assert.True(tries == 2, $"the crashed slice {crashedId} should have been attempted twice (the crash, the re-run), was {tries} times");
        Output.WriteLine($"[test] {through.Count} slice_log lines for {Slices} slices; run twice: "
                         + string.Join(", ", through.GroupBy(l => l.SliceId).Where(g => g.Count() > 1).Select(g => g.First().SlicerOrder)));
    });

    /// <summary>Waits for the execution to complete; fails at once if the node dies again (the slice crashed it twice).</summary>
    private static async Task<JsonObject> CompletedWhileAliveAsync(NodeProcess node, string exId, SliceLogFile attempts)
    {
        var timeout = CrashSafetySpecs.CompletionTimeout;
        var last = await Eventually.UntilAsync(
            async () =>
            {
                Assert.True(node.IsRunning,
                    $"the node died again after the restart; attempts so far:\n  {SliceLogFile.Describe(attempts.Read())}\nlast lines:\n{node.TailText(30)}");
                return await node.Api.GetAsync($"/v1/ex/{exId}");
            },
            r => r.Status == HttpStatusCode.OK && ExecutionStatus.IsTerminal(Json.Str(r.Json!.AsObject(), "_status")),
            timeout,
            r => $"execution {exId} did not end within {timeout.TotalSeconds:0} s of the restart; last answer: {r?.Body}");
        var ex = last.Json!.AsObject();
        Assert.True(Json.Str(ex, "_status") == "completed", $"execution {exId} should complete: {ex.ToJsonString()}");
        return ex;
    }
}
