using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Testing;

namespace Teraslice.Akka.Bench;

/// <summary>
/// The worker pipeline alone, no cluster: validate the job, cut every slice request up front (the
/// slicer's work, not measured), then N pipelines (one per worker slot) pull requests from a shared
/// queue and run them, timed from the first slice started to the last finished.
/// </summary>
public sealed class InProcessBench(TextWriter log)
{
    public const string Mode = "in-process";

    public async Task<Measurement> RunAsync(Workload workload, int workers, CancellationToken ct)
    {
        var spec = workload.Job(workers);
        var exConfig = new JobValidator(BuiltinOperations.Registry).Validate(spec).ExConfig;
        exConfig["ex_id"] = Guid.NewGuid().ToString();
        exConfig["job_id"] = Guid.NewGuid().ToString();
        var plan = ExecutionPlan.Create(exConfig, BuiltinOperations.Registry);

        var queue = new ConcurrentQueue<Slice>(await CutAsync(plan, ct));
        var pipelines = new SlicePipeline[workers];
        for (var i = 0; i < workers; i++)
        {
            pipelines[i] = plan.CreatePipeline($"bench-worker-{i}", NullLogger.Instance);
            await pipelines[i].InitializeAsync(ct);
        }

        var self = Environment.ProcessId;
        ProcStats.ResetPeakRss(self);
        var before = RuntimeSnapshot.Take();
        var parts = await Task.WhenAll(pipelines.Select(p => Task.Run(() => DrainAsync(p, queue, ct), ct)));
        var after = RuntimeSnapshot.Take();
        foreach (var pipeline in pipelines) await pipeline.DisposeAsync();

        var total = parts.Aggregate(Tally.Empty, Tally.Combine);
        var seconds = Stopwatch.GetElapsedTime(total.FirstStarted, total.LastFinished).TotalSeconds;
        log.WriteLine($"    {after.Since(before, seconds)}");
        var peak = new Dictionary<string, double>();
        if (ProcStats.PeakRssMb(self) is { } harness) peak["harness"] = harness;
        return new Measurement(total.Slices == workload.Slices ? "completed" : "incomplete",
            total.Slices, total.Failed, total.RecordsIn, total.RecordsOut, total.Checksum, seconds, peak, after.OtherCores(before, seconds));
    }

    /// <summary>Runs the slicer to the end: every request of a once job, in order, with its slice id.</summary>
    private static async Task<List<Slice>> CutAsync(ExecutionPlan plan, CancellationToken ct)
    {
        var slices = new List<Slice>();
        await using var slicer = plan.CreateSlicer(0, NullLogger.Instance);
        await slicer.InitializeAsync(null, ct);
        while (true)
        {
            var result = await slicer.SliceAsync(ct);
            foreach (var request in result.Requests)
                slices.Add(new Slice(Guid.NewGuid().ToString(), slices.Count, SliceRequest.Serialize(request)));
            if (result.IsDone) return slices;
        }
    }

    /// <summary>One worker slot: takes slices until the queue is empty, as a worker pulls from the slicer.</summary>
    private static async Task<Tally> DrainAsync(SlicePipeline pipeline, ConcurrentQueue<Slice> queue, CancellationToken ct)
    {
        var tally = Tally.Empty;
        while (queue.TryDequeue(out var slice))
        {
            var started = Stopwatch.GetTimestamp();
            // a worker builds the context from the request's JSON text, as WorkerActor does
            var context = new SliceContext(slice.Id, 0, slice.Order, new SliceRequest(slice.Request), 0);
            var outcome = await pipeline.RunAsync(context, ct);
            var finished = Stopwatch.GetTimestamp();
            var counters = outcome.Metrics.Counters;
            tally = Tally.Combine(tally, new Tally(
                started, finished, 1, outcome.Succeeded ? 0 : 1,
                outcome.Metrics.RecordsIn,
                counters?.GetValueOrDefault(CountSinkCounters.Records) ?? 0,
                counters?.GetValueOrDefault(CountSinkCounters.IdSum) ?? 0));
        }
        return tally;
    }

    private sealed record Slice(string Id, long Order, string Request);

    private readonly record struct Tally(
        long FirstStarted, long LastFinished, long Slices, long Failed, long RecordsIn, long RecordsOut, long Checksum)
    {
        public static Tally Empty => new(long.MaxValue, long.MinValue, 0, 0, 0, 0, 0);

        public static Tally Combine(Tally a, Tally b) => new(
            Math.Min(a.FirstStarted, b.FirstStarted), Math.Max(a.LastFinished, b.LastFinished),
            a.Slices + b.Slices, a.Failed + b.Failed, a.RecordsIn + b.RecordsIn, a.RecordsOut + b.RecordsOut, a.Checksum + b.Checksum);
    }
}

/// <summary>The names of count_sink's counters, where the records out and the checksum are read.</summary>
public static class CountSinkCounters
{
    public const string Records = CountSink.RecordsCounter;
    public const string IdSum = CountSink.IdSumCounter;
}

/// <summary>This process's GC and CPU counters at one moment, to say where a run's time went.</summary>
public readonly record struct RuntimeSnapshot(
    int Gen0, int Gen1, int Gen2, long AllocatedBytes, TimeSpan GcPause, double? CpuSeconds, double? MachineBusySeconds)
{
    public static RuntimeSnapshot Take() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalPauseDuration(),
        ProcStats.CpuSeconds(Environment.ProcessId), ProcStats.MachineBusySeconds());

    /// <summary>
    /// Cores the other processes of the machine used between the two snapshots; null for spans
    /// under 0.25 s, where the 10 ms tick of /proc's CPU times would make it noise.
    /// </summary>
    public double? OtherCores(RuntimeSnapshot before, double wallSeconds) =>
        wallSeconds >= 0.25 && MachineBusySeconds - before.MachineBusySeconds - (CpuSeconds - before.CpuSeconds) is { } s
            ? Math.Max(0, s) / wallSeconds
            : null;

    public string Since(RuntimeSnapshot before, double wallSeconds)
    {
        var cpu = CpuSeconds - before.CpuSeconds;
        var others = OtherCores(before, wallSeconds);
        var pause = (GcPause - before.GcPause).TotalMilliseconds;
        return $"harness: GCs gen0 {Gen0 - before.Gen0}, gen1 {Gen1 - before.Gen1}, gen2 {Gen2 - before.Gen2}; " +
               $"GC pause {pause:F0} ms ({pause / 10 / wallSeconds:F1}% of wall); allocated {(AllocatedBytes - before.AllocatedBytes) / 1048576.0:F0} MB; " +
               (cpu is { } c ? $"CPU {c:F2} s = {c / wallSeconds:F2} cores" : "CPU unknown") +
               (others is { } o ? $"; other processes {o:F2} cores" : "");
    }
}
