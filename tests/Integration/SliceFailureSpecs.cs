using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Failures against a real node (teraslice-notes §3.4, §3.5, §4.3): slices retried in the worker
/// <c>max_retries</c> times, failed for good beyond that and listed with their <c>retry_count</c>, a
/// <c>once</c> execution failing then failed, a <c>persistent</c> one back to running after its
/// probation window, and a slicer whose operation throws. Slices fail through the
/// <c>fault_injector</c> test operation; <c>slice_log</c> before it records every attempt, after it
/// every slice that got through. The slice errors are also checked on PostgreSQL.
/// </summary>
public sealed class SliceFailureSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = Scenarios.Bounded;
    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(60);

    [Fact]
    public Task Slices_that_fail_fewer_times_than_max_retries_allows_should_complete_without_errors() => OnNode(async node =>
    {
        using var scratch = new ScratchDir("retries");
        var (attempts, done) = (scratch.SliceLog("attempts"), scratch.SliceLog("done"));
        // 10 slices; orders 2 and 7 fail their first 3 attempts, the 4th (max_retries 3 + 1) succeeds
        var (jobId, exId) = await node.Api.SubmitAsync($$"""
            {"name":"retries-within-max","lifecycle":"once","workers":2,"max_retries":3,"operations":[
              {"_op":"data_generator","size":1000,"slice_size":100},
              {{attempts.Operation}},
              {"_op":"fault_injector","slicer_orders":[2,7],"attempts":3},
              {{done.Operation}}]}
            """);
        var seen = new List<string>();
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", Completion, seen, TimeSpan.FromMilliseconds(25));

        var stats = Json.Stats(ex);
        Assert.True(Json.Long(stats, "processed") == 10 && Json.Long(stats, "failed") == 0
                    && Json.Long(stats, "records_in") == 1000 && Json.Long(stats, "records_out") == 1000,
            $"every slice should complete once, none failed: {stats.ToJsonString()}");
        Assert.True(ex["_has_errors"] is JsonValue e && !e.GetValue<bool>() && Json.Str(ex, "_failureReason") == "",
            $"no error should be recorded: _has_errors {ex["_has_errors"]}, _failureReason \"{ex["_failureReason"]}\"");
        Assert.DoesNotContain("failing", seen);
        foreach (var path in (string[])[$"/v1/jobs/{jobId}/errors", $"/v1/ex/{exId}/errors"])
            Assert.Empty(await node.Api.GetArrayAsync(path));
        Assert.DoesNotContain(await node.Api.GetArrayAsync("/v1/ex/errors?size=10000"), r => r is JsonObject o && Json.Str(o, "ex_id") == exId);

        // every slice got through once; the two failing ones were attempted 4 times each, in the same worker run
        var through = done.Read();
        Assert.True(through.Select(l => l.SlicerOrder).Order().SequenceEqual(Enumerable.Range(1, 10).Select(o => (long)o))
                    && through.Select(l => l.SliceId).Distinct().Count() == 10,
            $"slice_log after the fault should list slices 1..10 once each:\n  {SliceLogFile.Describe(through)}");
        var tries = attempts.Read().GroupBy(l => l.SlicerOrder).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(tries.Count == 10 && tries.All(t => t.Value == (t.Key is 2 or 7 ? 4 : 1)),
            $"orders 2 and 7 should be attempted 4 times, the others once: {string.Join(", ", tries.OrderBy(t => t.Key).Select(t => $"{t.Key}×{t.Value}"))}");
    });

    [StorageTheory]
    public Task Slices_that_fail_every_attempt_should_be_listed_with_their_retry_count_and_fail_a_once_execution(Storage storage) => OnNode(storage, async node =>
    {
        using var scratch = new ScratchDir("exhausted");
        var (attempts, done) = (scratch.SliceLog("attempts"), scratch.SliceLog("done"));
        // 30 slices of 100 ms on 2 workers; orders 1 and 2 fail every attempt (max_retries 2: 3 attempts), early,
        // so that the execution is failing for the 28 slices after them (≥ 1.4 s) before it ends
        var (jobId, exId) = await node.Api.SubmitAsync($$"""
            {"name":"retries-exhausted","lifecycle":"once","workers":2,"max_retries":2,"operations":[
              {"_op":"data_generator","size":3000,"slice_size":100},
              {"_op":"delay","ms":100},
              {{attempts.Operation}},
              {"_op":"fault_injector","slicer_orders":[1,2]},
              {{done.Operation}}]}
            """);
        var seen = new List<string>();
        var ex = await node.Api.WaitForStatusAsync(exId, "failed", Completion, seen, TimeSpan.FromMilliseconds(25));

        Assert.Equal($"execution: {exId} had 2 slice failures during processing", Json.Str(ex, "_failureReason"));
        Assert.True(ex["_has_errors"] is JsonValue e && e.GetValue<bool>(), $"_has_errors should be true: {ex.ToJsonString()}");
        var failing = seen.IndexOf("failing");
        Assert.True(seen.IndexOf("running") is var running && running >= 0 && failing > running && seen[^1] == "failed" && seen.IndexOf("running", failing) < 0,
            $"a once execution should go running → failing and stay failing until failed; seen {string.Join(" → ", seen)}");
        var stats = Json.Stats(ex);
        Assert.True(Json.Long(stats, "processed") == 30 && Json.Long(stats, "failed") == 2 && Json.Long(stats, "records_in") == 2800,
            $"30 slices processed (failures count), 2 failed, the 28 others' 2,800 records in: {stats.ToJsonString()}");

        // the two failures, with their retries, through both routes (written by the slicer right after the failure)
        var errors = await Eventually.UntilAsync(
            () => node.Api.GetArrayAsync($"/v1/jobs/{jobId}/errors?sort=slicer_order:asc"),
            a => a.Count >= 2,
            Bounded,
            a => $"GET /v1/jobs/{jobId}/errors should list 2 errors within {Bounded.TotalSeconds:0} s: {a?.ToJsonString()}");
        var tried = attempts.Read();
        Assert.True(errors.Count == 2, $"exactly the 2 failed slices: {errors.ToJsonString()}");
        foreach (var (error, order) in errors.Select((r, i) => (r!.AsObject(), i + 1L)))
        {
            var sliceId = Json.Str(error, "slice_id");
            Assert.True(Json.Long(error, "slicer_order") == order && Json.Str(error, "state") == "error" && Json.Str(error, "ex_id") == exId
                        && Json.Long(error, "retry_count") == 2 && Json.Str(error, "error").Contains("fault_injector: injected failure", StringComparison.Ordinal),
                $"error {order} should be slice order {order} of {exId}, state error, retry_count 2, with the injected error: {error.ToJsonString()}");
            Assert.True(tried.Count(l => l.SliceId == sliceId) == 3 && tried.Where(l => l.SliceId == sliceId).All(l => l.SlicerOrder == order),
                $"slice {sliceId} (order {order}) should have been attempted 3 times (max_retries 2 + 1):\n  {SliceLogFile.Describe(tried)}");
        }
        Assert.Equal(errors.ToJsonString(), (await node.Api.GetArrayAsync($"/v1/ex/{exId}/errors?sort=slicer_order:asc")).ToJsonString());

        var through = done.Read();
        Assert.True(through.Select(l => l.SlicerOrder).Order().SequenceEqual(Enumerable.Range(3, 28).Select(o => (long)o)),
            $"the 28 other slices should get through once each, the failed ones never:\n  {SliceLogFile.Describe(through)}");
    });

    [Fact]
    public Task Persistent_execution_with_early_failures_should_be_failing_then_running_again_after_its_probation_window() => OnNode(async node =>
    {
        const int probationMs = 2000;
        // orders 1 and 2 fail (no retries); the slices after them all succeed
        var (jobId, exId) = await node.Api.SubmitAsync($$"""
            {"name":"probation","lifecycle":"persistent","workers":2,"max_retries":0,"probation_window":{{probationMs}},"operations":[
              {"_op":"data_generator","size":10,"slice_size":10},
              {"_op":"delay","ms":50},
              {"_op":"fault_injector","slicer_orders":[1,2]}]}
            """);

        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        TimeSpan? failingSince = null;
        var timeout = TimeSpan.FromSeconds(30);
        await Eventually.UntilAsync(
            () => node.Api.GetAsync($"/v1/ex/{exId}"),
            r =>
            {
                if (r.Status != HttpStatusCode.OK) return false;
                var status = Json.Str(r.Json!.AsObject(), "_status");
                if (seen.Count == 0 || seen[^1] != status) seen.Add(status);
                if (status == "failing") failingSince ??= clock.Elapsed;
                Assert.False(ExecutionStatus.IsTerminal(status), $"the persistent execution ended {status}: {r.Body}");
                return failingSince is not null && status == "running";
            },
            timeout,
            r => $"execution {exId} should go failing, then running again, within {timeout.TotalSeconds:0} s; seen {string.Join(" → ", seen)}",
            TimeSpan.FromMilliseconds(25));
        Output.WriteLine($"[test] statuses {string.Join(" → ", seen)}; failing first seen at {failingSince!.Value.TotalMilliseconds:0} ms, running again at {clock.ElapsedMilliseconds} ms");
        Assert.True(seen.SkipWhile(s => s != "running").SequenceEqual(["running", "failing", "running"]),
            $"running → failing → running; seen {string.Join(" → ", seen)}");

        var errors = await node.Api.GetArrayAsync($"/v1/jobs/{jobId}/errors?sort=slicer_order:asc");
        Assert.True(errors.Select(r => Json.Long(r!.AsObject(), "slicer_order")).SequenceEqual([1L, 2L]),
            $"only the early slices 1 and 2 should be listed as errors: {errors.ToJsonString()}");
        Assert.All(errors, r => Assert.False(r!.AsObject().ContainsKey("retry_count"), $"max_retries 0: no retry_count: {r!.ToJsonString()}"));
        await node.Api.StopAsync(jobId);
    });

    [Fact]
    public Task A_slicer_whose_operation_throws_should_fail_the_execution_with_its_error() => OnNode(async node =>
    {
        // accepted at submit (the path is only looked at by the slicer, on the node that runs it)
        var missing = Path.Combine(Path.GetTempPath(), "teraslice-it-missing-" + Guid.NewGuid().ToString("N"));
        var (_, exId) = await node.Api.SubmitAsync($$"""
            {"name":"slicer-throws","lifecycle":"once","workers":1,"operations":[
              {"_op":"file_reader","path":{{System.Text.Json.JsonSerializer.Serialize(missing)}},"format":"ldjson"},
              {"_op":"noop"}]}
            """);

        var ex = await node.Api.WaitForStatusAsync(exId, "failed", Completion);

        var reason = Json.Str(ex, "_failureReason");
        Output.WriteLine($"[test] _failureReason: {reason}");
        Assert.True(reason.Contains($"file_reader: path \"{missing}\" does not exist", StringComparison.Ordinal),
            $"_failureReason should carry the slicer's error: \"{reason}\"");
        Assert.StartsWith($"slicer for ex {exId} had an error, shutting down execution, caused by ", reason);
        Assert.DoesNotContain("   at ", reason); // no stack trace in what users read
        Assert.True(ex["_has_errors"] is JsonValue e && e.GetValue<bool>(), $"_has_errors should be true: {ex.ToJsonString()}");
        Assert.Equal(0, Json.Long(Json.Stats(ex), "processed"));
    });

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);

    /// <summary>On the shared node (SQLite), or on a node of the test's own on a PostgreSQL database of its own.</summary>
    private Task OnNode(Storage storage, Func<NodeProcess, Task> body) => storage == Storage.Sqlite
        ? OnNode(body)
        : WithNodeLogsOnFailure(async () => await body(await StartNodeAsync(storage)));
}
