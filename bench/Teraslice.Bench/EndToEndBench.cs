using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Bench;

/// <summary>
/// A job submitted through the REST API of a real node (HTTP → master → slicer → journal →
/// workers), polled until terminal, and timed by the node's own stats: first slice dispatched
/// to last slice completed.
/// </summary>
public sealed class EndToEndBench(NodeProcess node, TextWriter log)
{
    public const string Mode = "e2e";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public async Task<Measurement> RunAsync(Workload workload, int workers, CancellationToken ct)
    {
        var self = Environment.ProcessId;
        ProcStats.ResetPeakRss(node.Pid);
        ProcStats.ResetPeakRss(self);
        var cpuBefore = ProcStats.CpuSeconds(node.Pid);
        var threadsBefore = ProcStats.ThreadCpuSeconds(node.Pid);
        var harnessBefore = ProcStats.CpuSeconds(self);
        var machineBefore = ProcStats.MachineBusySeconds();
        var wall = Stopwatch.StartNew();

        var exId = await node.SubmitAsync(workload.Job(workers), ct);
        var ex = await node.WaitForTerminalAsync(exId, RunTimeout, ct);

        wall.Stop();
        var cpu = ProcStats.CpuSeconds(node.Pid) - cpuBefore;
        var threads = ProcStats.ThreadCpuDelta(threadsBefore, ProcStats.ThreadCpuSeconds(node.Pid));
        var othersSeconds = ProcStats.MachineBusySeconds() - machineBefore - cpu - (ProcStats.CpuSeconds(self) - harnessBefore);
        var others = othersSeconds is { } o ? Math.Max(0, o) / wall.Elapsed.TotalSeconds : (double?)null;
        var peak = new Dictionary<string, double>();
        if (ProcStats.PeakRssMb(node.Pid) is { } nodeRss) peak["node"] = nodeRss;
        if (ProcStats.PeakRssMb(self) is { } harnessRss) peak["harness"] = harnessRss;

        if (ex is null)
        {
            log.WriteLine($"    execution {exId} not terminal after {RunTimeout.TotalMinutes} min");
            return new Measurement("timeout", 0, 0, 0, 0, 0, 0, peak, null);
        }
        var status = (string?)ex["_status"] ?? "unknown";
        var stats = ex["_slicer_stats"] as JsonObject ?? [];
        var counters = stats["counters"] as JsonObject ?? [];
        var first = Time(stats["first_slice_at"]);
        var last = Time(stats["last_slice_at"]);
        var seconds = first is { } f && last is { } l ? (l - f).TotalSeconds : 0;
        var processed = Long(stats["processed"]);
        var failed = Long(stats["failed"]);

        // node CPU covers submit → terminal seen (execution start-up and polling included)
        log.WriteLine($"    ex {exId} {status}: node CPU {cpu:F2} s over {wall.Elapsed.TotalSeconds:F2} s wall (submit → terminal seen) = " +
                      $"{cpu / wall.Elapsed.TotalSeconds:F2} cores, {cpu * 1e6 / Math.Max(1, processed):F0} µs CPU/slice; " +
                      $"slices span {seconds:F3} s");
        log.WriteLine($"    node threads: {threads}; other processes {others:F2} cores");
        if (status != "completed" && ex["_failureReason"] is JsonValue reason) log.WriteLine($"    failure reason: {reason}");

        return new Measurement(status, processed - failed, failed,
            Long(stats["records_in"]), Long(counters[CountSinkCounters.Records]), Long(counters[CountSinkCounters.IdSum]),
            seconds, peak, others);
    }

    private static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, out var t) ? t : null;
}
