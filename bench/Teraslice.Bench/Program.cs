using System.CommandLine;
using System.Runtime.InteropServices;
using Teraslice.Akka.Bench;

// Result lines go to stdout, one JSON object per run; everything else goes to stderr.
var log = Console.Error;
var settleTime = TimeSpan.FromSeconds(1);

var workloadOption = new Option<string>("--workload") { Description = "w1, w2 or all", DefaultValueFactory = _ => "all" };
workloadOption.AcceptOnlyFromAmong("w1", "w2", "all");
var modeOption = new Option<string>("--mode") { Description = "in-process, e2e or all", DefaultValueFactory = _ => "all" };
modeOption.AcceptOnlyFromAmong(InProcessBench.Mode, EndToEndBench.Mode, "all");
var workersOption = new Option<string>("--workers")
{
    Description = $"Worker slot counts to run, comma-separated; 'default' is the number of cores ({Environment.ProcessorCount})",
    DefaultValueFactory = _ => "1,default",
};
workersOption.Validators.Add(r =>
{
    if (ParseWorkers(r.GetValueOrDefault<string>()) is null) r.AddError("--workers: expected positive integers or 'default', comma-separated, e.g. 1,default");
});
var runsOption = new Option<int>("--runs") { Description = "Measured runs per workload, mode and worker count (after one warm-up)", DefaultValueFactory = _ => 3 };
runsOption.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() < 1) r.AddError("--runs: must be at least 1");
});
var nodeOption = new Option<string?>("--node") { Description = "The node's teraslice.dll for e2e (default: src/Node.Host/bin/Release/net10.0/teraslice.dll of this repo)" };
var waitIdleOption = new Option<int>("--wait-idle")
{
    Description = "Before each run, wait up to this many seconds for the machine's other processes to be idle (< 0.1 cores for 3 s); 0: do not wait",
    DefaultValueFactory = _ => 0,
};
var profileOption = new Option<bool>("--profile")
{
    Description = "Instead of the runs: time each stage of the worker pipeline in-process, one thread, and print where the time goes (stderr)",
};

var root = new RootCommand("Teraslice.Akka benchmarks: the workloads of shared/bench/WORKLOADS.md, in-process and end to end")
{
    workloadOption, modeOption, workersOption, runsOption, nodeOption, waitIdleOption, profileOption,
};
root.SetAction(async (parse, ct) =>
{
    var workloads = parse.GetValue(workloadOption) switch
    {
        "w1" => [Workload.W1],
        "w2" => [Workload.W2],
        _ => Workload.All,
    };
    var mode = parse.GetValue(modeOption)!;
    var workerCounts = ParseWorkers(parse.GetValue(workersOption))!;
    var runs = parse.GetValue(runsOption);
    var idle = new IdleWait(TimeSpan.FromSeconds(parse.GetValue(waitIdleOption)), log);

    log.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:F1} GiB, " +
                  $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average {ProcStats.LoadAverage()}");
    if (parse.GetValue(profileOption))
    {
        foreach (var workload in workloads) await new StageProfile(log).RunAsync(workload, ct);
        return 0;
    }

    string? nodeDll = null;
    if (mode is EndToEndBench.Mode or "all")
    {
        nodeDll = NodeBuild.Locate(parse.GetValue(nodeOption), log);
        if (nodeDll is null) return 2;
    }

    var results = new List<RunResult>();
    try
    {
        if (mode is InProcessBench.Mode or "all")
        {
            var bench = new InProcessBench(log);
            foreach (var workers in workerCounts)
            foreach (var workload in workloads)
                await MeasureAsync(workload, InProcessBench.Mode, workers, [], (w, ct) => bench.RunAsync(w, workers, ct));
        }
        if (nodeDll is not null)
        {
            foreach (var workers in workerCounts)
            {
                // a fresh node per worker count, with as many slots as the jobs ask for
                var node = await NodeProcess.StartAsync(nodeDll, workers, log, ct);
                var bench = new EndToEndBench(node, log);
                try
                {
                    foreach (var workload in workloads)
                        await MeasureAsync(workload, EndToEndBench.Mode, workers, [node.Pid], (w, ct) => bench.RunAsync(w, workers, ct));
                }
                catch (Exception e) when (e is NodeException or HttpRequestException)
                {
                    log.WriteLine($"node log (last lines):\n{node.LogTail()}");
                    throw;
                }
                finally
                {
                    await node.DisposeAsync();
                    log.WriteLine($"node peak RSS over its life (warm-ups included): {node.LifetimePeakRssMb?.ToString("F1") ?? "unknown"} MB");
                }
            }
        }
    }
    catch (Exception e) when (e is NodeException or HttpRequestException)
    {
        log.WriteLine($"error: {e.Message}");
        return 1;
    }

    Summary.Write(results, log);
    log.WriteLine($"load average at the end {ProcStats.LoadAverage()}");
    var notOk = results.Count(r => !r.Ok);
    if (notOk > 0) log.WriteLine($"{notOk} of {results.Count} run(s) not ok: they are not results");
    return notOk == 0 ? 0 : 1;

    async Task MeasureAsync(Workload workload, string runMode, int workers, int[] runPids, Func<Workload, CancellationToken, Task<Measurement>> run)
    {
        var warmUp = workload.WarmUp();
        log.WriteLine($"{workload.Name} {runMode} workers={workers}: warm-up ({warmUp.Slices} × {warmUp.Size} records)");
        var warm = RunResult.Judge(warmUp, runMode, workers, await run(warmUp, ct), out var warmProblems);
        if (!warm.Ok) log.WriteLine($"  warm-up not ok: {string.Join("; ", warmProblems)}");
        // let background tier-1 JIT compilation finish rather than compete with the first measured run
        await Task.Delay(settleTime, ct);
        for (var i = 1; i <= runs; i++)
        {
            log.WriteLine($"{workload.Name} {runMode} workers={workers}: run {i}/{runs}");
            await idle.WaitAsync([Environment.ProcessId, .. runPids], ct);
            var result = RunResult.Judge(workload, runMode, workers, await run(workload, ct), out var problems);
            if (!result.Ok) log.WriteLine($"  NOT OK: {string.Join("; ", problems)}");
            Console.Out.WriteLine(result.ToJsonLine());
            Console.Out.Flush();
            results.Add(result);
        }
    }
});
// on Ctrl+C the harness still has to stop its node (SIGTERM, up to 60 s, then kill): System.CommandLine's
// default of 2 s would end the harness first and leave the node running
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(90) });

static IReadOnlyList<int>? ParseWorkers(string? value)
{
    var counts = new List<int>();
    foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        if (part == "default") counts.Add(Environment.ProcessorCount);
        else if (int.TryParse(part, out var n) && n > 0) counts.Add(n);
        else return null;
    }
    return counts.Count == 0 ? null : counts.Distinct().ToList();
}
