using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Bench;

/// <summary>
/// Where a workload's time goes in the worker pipeline: one thread runs every slice with a
/// stopwatch around each stage (slice context, fetch, each processor, metrics), counting the
/// bytes each stage allocates and the GCs of the pass. For W1 it also times the pieces a record
/// is made of, one at a time over the same ids. Prints to stderr; produces no result lines.
/// </summary>
public sealed class StageProfile(TextWriter log)
{
    private const int Passes = 3;

    public async Task RunAsync(Workload workload, CancellationToken ct)
    {
        var spec = workload.Job(1);
        var exConfig = new JobValidator(BuiltinOperations.Registry).Validate(spec).ExConfig;
        exConfig["ex_id"] = "profile";
        exConfig["job_id"] = "profile";
        var (fetcher, processors) = Build(exConfig);
        await fetcher.InitializeAsync(ct);
        foreach (var (_, processor) in processors) await processor.InitializeAsync(ct);

        var requests = new List<string>();
        var plan = ExecutionPlan.Create(exConfig, BuiltinOperations.Registry);
        await using (var slicer = plan.CreateSlicer(0, NullLogger.Instance))
        {
            await slicer.InitializeAsync(null, ct);
            for (var done = false; !done;)
            {
                var result = await slicer.SliceAsync(ct);
                requests.AddRange(result.Requests.Select(SliceRequest.Serialize));
                done = result.IsDone;
            }
        }

        var stages = new List<string> { "slice context", "fetch (bench_gen)" };
        stages.AddRange(processors.Select(p => p.Name));
        stages.Add("slice metrics");
        var ticks = new long[stages.Count];
        var bytes = new long[stages.Count];

        await PassAsync(fetcher, processors, requests, new long[stages.Count], new long[stages.Count], ct); // warm-up
        var before = RuntimeSnapshot.Take();
        var wall = Stopwatch.StartNew();
        for (var pass = 0; pass < Passes; pass++) await PassAsync(fetcher, processors, requests, ticks, bytes, ct);
        wall.Stop();
        var after = RuntimeSnapshot.Take();

        var total = ticks.Sum();
        var perPass = wall.Elapsed.TotalSeconds / Passes;
        log.WriteLine($"profile {workload.Name}: {requests.Count} slices × {workload.Size} records, 1 thread, mean of {Passes} passes after a warm-up: " +
                      $"{perPass * 1000:F0} ms per pass = {workload.RecordsIn / perPass:N0} records/s, {requests.Count / perPass:N0} slices/s");
        for (var i = 0; i < stages.Count; i++)
        {
            var ms = Stopwatch.GetElapsedTime(0, ticks[i]).TotalMilliseconds / Passes;
            log.WriteLine($"  {stages[i],-20} {ms,8:F1} ms {100.0 * ticks[i] / total,5:F1}%  " +
                          $"{bytes[i] / Passes / 1048576.0,7:F1} MB allocated  {ms * 1000 / requests.Count,8:F2} µs/slice");
        }
        log.WriteLine($"  {after.Since(before, wall.Elapsed.TotalSeconds)} (all {Passes} passes)");
        if (workload.Size > 1) RecordPieces(workload.RecordsIn);

        await fetcher.DisposeAsync();
        foreach (var (_, processor) in processors) await processor.DisposeAsync();
    }

    /// <summary>The fetcher and processors, bound as <see cref="ExecutionPlan.CreatePipeline"/> binds them, but kept apart.</summary>
    private static (IFetcher, List<(string Name, IProcessor Processor)>) Build(JsonObject exConfig)
    {
        var context = new WorkerContext(ExecutionInfo.FromExConfig(exConfig), "profile", NullLogger.Instance);
        IFetcher? fetcher = null;
        var processors = new List<(string, IProcessor)>();
        foreach (var raw in ((JsonArray)exConfig["operations"]!).OfType<JsonObject>())
        {
            var op = (string)raw["_op"]!;
            var definition = BuiltinOperations.Registry.Find(op)!;
            var config = (OpConfig)ConfigBinder.Bind(definition.ConfigType, raw, out _)!;
            if (definition is IReaderDefinition reader) fetcher = reader.CreateFetcher(config, context);
            else processors.Add((op, ((IProcessorDefinition)definition).CreateProcessor(config, context)));
        }
        return (fetcher!, processors);
    }

    private static async Task PassAsync(IFetcher fetcher, List<(string Name, IProcessor Processor)> processors,
        List<string> requests, long[] ticks, long[] bytes, CancellationToken ct)
    {
        var last = ticks.Length - 1;
        for (var s = 0; s < requests.Count; s++)
        {
            var t = Stopwatch.GetTimestamp();
            var b = GC.GetAllocatedBytesForCurrentThread();
            var slice = new SliceContext($"slice-{s}", 0, s, new SliceRequest(requests[s]), 0);
            Mark(0);
            var data = await fetcher.FetchAsync(slice, ct);
            var recordsIn = data.Count;
            Mark(1);
            for (var p = 0; p < processors.Count; p++)
            {
                data = await processors[p].Processor.ProcessAsync(data, slice, ct);
                Mark(2 + p);
            }
            // what SlicePipeline.RunAsync builds for the worker's report
            GC.KeepAlive(new SliceMetrics(recordsIn, data.Count, slice.Counters?.ToDictionary()));
            Mark(last);

            void Mark(int stage)
            {
                var now = Stopwatch.GetTimestamp();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                ticks[stage] += now - t;
                bytes[stage] += allocated - b;
                t = now;
                b = allocated;
            }
        }
    }

    /// <summary>
    /// The pieces of a W1 record, each made alone for every id (as bench_gen makes them): how much
    /// of the fetch is string formatting, boxing, the tags list and the record itself.
    /// </summary>
    private void RecordPieces(long records)
    {
        var epoch = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] countries = ["US", "GB", "DE", "FR", "JP", "BR", "IN", "CA"];
        var boxes = new object[3];
        object value = "v"; // one shared value: the record alone, without the cost of making its values
        var pieces = new (string Name, Func<long, object> Make)[]
        {
            ("name \"user-\" + i", i => "user-" + i),
            ("created IsoDate", i => IsoDate.Format(epoch.AddSeconds(i))),
            ("box id, age, score", i =>
            {
                boxes[0] = i;
                boxes[1] = i % 90;
                boxes[2] = (i * 7919 % 10000) / 100d;
                return boxes[2];
            }),
            ("tags list", _ => new List<object?>(2) { "a", "b" }),
            ("DataEntity + 7 Set", i =>
            {
                var record = new DataEntity(8);
                record.Set("id", value);
                record.Set("name", value);
                record.Set("age", value);
                record.Set("country", countries[i % 8]);
                record.Set("score", value);
                record.Set("tags", value);
                record.Set("created", value);
                return record;
            }),
            ("whole record (Make)", Operations.Testing.BenchGenFetcher.Make),
        };
        log.WriteLine($"  W1 record pieces, each alone over {records:N0} ids (ns/record, bytes/record):");
        foreach (var (name, make) in pieces)
        {
            Time(make, records); // warm-up
            var (ns, allocated) = Time(make, records);
            log.WriteLine($"    {name,-22} {ns,6:F1} ns {allocated,6:F0} B");
        }
    }

    private static (double Ns, double Bytes) Time(Func<long, object> make, long records)
    {
        var keep = new object[10_000]; // hold a slice's worth alive, as a fetch does, so GC costs are comparable
        var b = GC.GetAllocatedBytesForCurrentThread();
        var t = Stopwatch.GetTimestamp();
        for (long i = 0; i < records; i++) keep[i % keep.Length] = make(i);
        var elapsed = Stopwatch.GetElapsedTime(t);
        GC.KeepAlive(keep);
        return (elapsed.TotalNanoseconds / records, (GC.GetAllocatedBytesForCurrentThread() - b) / (double)records);
    }
}
