using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Random control calls on two persistent jobs, as clients would make them, against the
/// execution status machine of teraslice-notes §3: every call must answer 2xx or the 4xx the
/// rules predict for the status the execution was in (never 5xx), every status change seen must
/// be allowed, a job never has two executions that have not ended, and no status appears that no
/// call asked for. The seed is fixed (printed); <c>TERASLICE_IT_SEED</c> overrides it.
/// </summary>
public sealed class StateMachineSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    public const string SeedVariable = "TERASLICE_IT_SEED";
    private const int DefaultSeed = 20251125;
    private const int Steps = 40;
    private const int MaxWorkers = 4;

    private enum Call
    {
        Start,
        Pause,
        Resume,
        StopBlocking,
        StopNonBlocking,
        WorkersAdd,
        WorkersRemove,
        WorkersTotal,
        Recover,
        RecoverOlder,
        Put,
    }

    private static readonly (Call Call, int Weight)[] Weights =
    [
        (Call.Start, 3), (Call.Pause, 3), (Call.Resume, 3), (Call.StopBlocking, 2), (Call.StopNonBlocking, 2),
        (Call.WorkersAdd, 2), (Call.WorkersRemove, 2), (Call.WorkersTotal, 2), (Call.Recover, 2), (Call.RecoverOlder, 1), (Call.Put, 1),
    ];

    [Fact]
    public Task Random_control_calls_should_answer_as_predicted_and_move_statuses_only_as_allowed() => OnNode(async node =>
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : DefaultSeed;
        Output.WriteLine($"[test] seed {seed} (set {SeedVariable} to run another sequence)");
        var random = new Random(seed);
        var log = new StringBuilder();

        await using var watcher = new ExecutionWatcher(node.Api, TimeSpan.FromMilliseconds(50));
        var jobs = new List<JobModel>();
        foreach (var name in (string[])["state-machine-a", "state-machine-b"])
        {
            var job = new JobModel(await node.Api.StoreAsync(Jobs.Persistent(name, workers: 2)), name, workers: 2);
            watcher.Track(job.JobId);
            jobs.Add(job);
            var started = (await node.Api.PostAsync($"/v1/jobs/{job.JobId}/_start")).ShouldBeOk().AsObject();
            job.Executions.Add(new ExModel(Json.Str(started, "ex_id"), job.Workers, null, null));
        }

        try
        {
            for (var step = 1; step <= Steps; step++)
            {
                var job = jobs[random.Next(jobs.Count)];
                var before = await node.Api.StatusAsync(job.Latest.ExId);
                var call = Pick(random, job, before);
                var line = await StepAsync(node, random, job, call, before);
                log.Append(CultureInfo.InvariantCulture, $"{step,2}: {line}\n");
                await watcher.PollAsync();
                await Task.Delay(random.Next(0, 300));
            }

            // the end: stop what lives, then everything must have ended
            foreach (var job in jobs)
            {
                foreach (var ex in job.Executions) ex.StopAsked = true;
                var reply = await node.Api.PostAsync($"/v1/jobs/{job.JobId}/_stop");
                var status = Json.Str(reply.ShouldBeOk().AsObject(), "status");
                Assert.True(ExecutionStatus.IsTerminal(status), $"the final blocking stop of {job.Name} answered {reply.Body}");
                log.Append(CultureInfo.InvariantCulture, $"end: {job.Name} _stop → {status}\n");
            }
            await watcher.PollAsync();

            Assert.True(watcher.Violations.Count == 0, $"status rules broken:\n{watcher.Describe()}");
            foreach (var job in jobs)
                foreach (var ex in job.Executions)
                    ShouldOnlyHaveBeenWhereCallsLed(ex, watcher.Statuses(ex.ExId), watcher);
            Assert.True(watcher.Polls > Steps, $"the watcher should have polled more than once a step; {watcher.Polls} polls");
        }
        finally
        {
            Output.WriteLine(log.ToString());
            Output.WriteLine(watcher.Describe());
        }
    });

    /// <summary>
    /// A call to make, weighted towards what the status read before makes interesting (resume a
    /// paused execution, pause a running one, start or recover an ended one); more workers only
    /// while the execution has fewer than <see cref="MaxWorkers"/>.
    /// </summary>
    private static Call Pick(Random random, JobModel job, string before)
    {
        var weights = Weights.Select(w => (w.Call, Weight: w.Weight * Boost(w.Call, before))).ToList();
        while (true)
        {
            var roll = random.Next(weights.Sum(w => w.Weight));
            var call = weights.First(w => (roll -= w.Weight) < 0).Call;
            if (call == Call.WorkersAdd && job.Latest.Workers >= MaxWorkers) continue;
            return call;
        }
    }

    private static int Boost(Call call, string before) => (call, before) switch
    {
        (Call.Resume, "paused") => 4,
        (Call.Pause, "running" or "recovering") => 2,
        (Call.Start or Call.Recover, _) when ExecutionStatus.IsTerminal(before) => 2,
        _ => 1,
    };

    /// <summary>Makes one call, checks its answer against the prediction, updates the model; returns a log line.</summary>
    private static async Task<string> StepAsync(NodeProcess node, Random random, JobModel job, Call call, string before)
    {
        var ex = job.Latest;
        var kind = random.Next(2) == 0 ? "jobs" : "ex";
        var route = Scenarios.Route(kind, job.JobId, ex.ExId);
        var possible = Possible(before, ex);
        // what the request body or query says, and what it will be checked against
        string method = "POST", path;
        string? body = null;
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var target = ex;
        string? cleanup = null;
        int count = 0;

        switch (call)
        {
            case Call.Start:
                path = $"/v1/jobs/{job.JobId}/_start";
                foreach (var s in possible)
                    expected.Add(ExecutionStatus.IsTerminal(s) ? "200 <ids>" : $"409 Job {job.JobId} is currently running, cannot have the same job concurrently running");
                break;
            case Call.Pause or Call.Resume:
                var verb = call == Call.Pause ? "pause" : "resume";
                path = $"{route}/_{verb}";
                if (call == Call.Pause) ex.PauseAsked = true;
                foreach (var s in possible)
                {
                    if (ExecutionStatus.IsTerminal(s)) expected.Add(NoActiveExecution(ex));
                    else if (ExecutionStatus.IsInit(s) || s == "stopping") expected.Add($"409 Execution {ex.ExId} is not available to {verb}");
                    else expected.Add(call == Call.Pause ? """200 {"status":"paused"}""" : """200 {"status":"running"}""");
                }
                // an execution ending by itself refuses controls before its end is recorded
                if (possible.Any(ExecutionStatus.IsTerminal) && possible.Any(ExecutionStatus.IsLiving))
                    expected.Add($"409 Execution {ex.ExId} is not available to {verb}");
                break;
            case Call.StopBlocking or Call.StopNonBlocking:
                var blocking = call == Call.StopBlocking;
                path = blocking ? $"{route}/_stop" : $"{route}/_stop?blocking=false";
                ex.StopAsked = true;
                foreach (var s in possible)
                {
                    if (ExecutionStatus.IsTerminal(s)) expected.Add($$"""200 {"status":"{{s}}"}""");
                    else if (!blocking) expected.Add("""200 {"status":"stopping"}""");
                    else
                    {
                        expected.Add("""200 {"status":"stopped"}""");
                        if (ex.Cleanup is not null) expected.Add("""200 {"status":"completed"}""");
                    }
                }
                break;
            case Call.WorkersAdd or Call.WorkersRemove or Call.WorkersTotal:
                var (option, n) = call switch
                {
                    Call.WorkersAdd => ("add", random.Next(1, 3)),
                    Call.WorkersRemove => ("remove", random.Next(1, 4)),
                    _ => ("total", random.Next(0, MaxWorkers + 1)),
                };
                count = n;
                path = $"{route}/_workers?{option}={n}";
                foreach (var s in possible)
                {
                    if (ExecutionStatus.IsTerminal(s) || s == "stopping") expected.Add(NoActiveExecution(ex));
                    else expected.Add(WorkersAnswer(ex, option, n));
                }
                break;
            case Call.Recover:
                cleanup = new[] { null, null, "pending", "all", "errors" }[random.Next(5)];
                path = $"/v1/jobs/{job.JobId}/_recover" + (cleanup is null ? "" : $"?cleanup_type={cleanup}");
                foreach (var s in possible)
                    expected.Add(ExecutionStatus.IsTerminal(s) ? "200 <ids>" : $"409 Execution {ex.ExId} is {s}: only an execution that has ended can be recovered");
                break;
            case Call.RecoverOlder:
                target = job.Executions[random.Next(job.Executions.Count)];
                cleanup = random.Next(3) == 0 ? "pending" : null;
                path = $"/v1/ex/{target.ExId}/_recover" + (cleanup is null ? "" : $"?cleanup={cleanup}");
                foreach (var s in possible)
                {
                    if (target == ex && ExecutionStatus.IsLiving(s)) expected.Add($"409 Execution {ex.ExId} is {s}: only an execution that has ended can be recovered");
                    else if (ExecutionStatus.IsLiving(s)) expected.Add($"409 Job {job.JobId} is currently running, cannot have the same job concurrently running");
                    else if (target.RecoveredBy is { } by) expected.Add($"409 Execution {target.ExId} was already recovered by execution {by}; recover that one instead");
                    else expected.Add("200 <ids>");
                }
                break;
            case Call.Put:
                method = "PUT";
                path = $"/v1/jobs/{job.JobId}";
                count = random.Next(1, 4);
                body = Jobs.Persistent(job.Name, workers: count);
                expected.Add("200 <job>");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(call), call, null);
        }

        var response = await node.Api.SendAsync(new HttpMethod(method), path, body);
        var answer = Signature(response, job, count);
        var line = $"{job.Name} {call} {method} {path} [was {before}] → {answer}";
        Assert.True(expected.Contains(answer),
            $"{line}\nexpected one of:\n  {string.Join("\n  ", expected)}\n(possible statuses at the call: {string.Join(", ", possible)})");

        // the model follows what the node accepted
        if (response.Status != HttpStatusCode.OK) return line;
        switch (call)
        {
            case Call.Start:
                job.Executions.Add(new ExModel(Json.Str(response.Json!.AsObject(), "ex_id"), job.Workers, null, null));
                break;
            case Call.Recover or Call.RecoverOlder:
                var recovery = new ExModel(Json.Str(response.Json!.AsObject(), "ex_id"), call == Call.Recover ? job.Workers : target.Workers,
                    target.ExId, cleanup);
                target.RecoveredBy = recovery.ExId;
                job.Executions.Add(recovery);
                break;
            case Call.WorkersAdd:
                ex.Workers += count;
                break;
            case Call.WorkersRemove:
                ex.Workers -= count;
                break;
            case Call.WorkersTotal:
                ex.Workers = count;
                break;
            case Call.Put:
                job.Workers = count;
                break;
        }
        return line;
    }

    /// <summary>
    /// The statuses the execution may have when the call lands, given the one read just before:
    /// init moves on by itself, recovering turns running, a stop asked turns it stopping then
    /// stopped, and a recovery with a cleanup type completes by itself.
    /// </summary>
    private static HashSet<string> Possible(string before, ExModel ex)
    {
        var possible = new HashSet<string>(StringComparer.Ordinal) { before };
        if (ExecutionStatus.IsTerminal(before)) return possible;
        if (ExecutionStatus.IsInit(before)) possible.UnionWith(["scheduling", "initializing", "recovering", "running"]);
        if (before == "recovering") possible.Add("running");
        if (ex.StopAsked) possible.UnionWith(["stopping", "stopped"]);
        if (ex.Cleanup is not null) possible.Add("completed");
        return possible;
    }

    private static string NoActiveExecution(ExModel ex) => $"404 no active execution context was found for ex_id: {ex.ExId}";

    private static string WorkersAnswer(ExModel ex, string option, int n)
    {
        var current = ex.Workers;
        var (change, count) = option switch
        {
            "total" when n >= current => ("add", n - current),
            "total" => ("remove", current - n),
            _ => (option, n),
        };
        if (change == "remove" && count >= current) return $"400 workers to be removed: {count} cannot be >= to current workers: {current}";
        var action = change == "remove" ? "remove" : option == "total" && count == 0 ? "set" : "enqueued";
        return $$"""200 {"message":"{{count}} workers have been {{action}} for execution: {{ex.ExId}}"}""";
    }

    /// <summary>What an answer says, in the form the predictions use; 5xx and malformed answers fail here.</summary>
    private static string Signature(ApiResponse response, JobModel job, int putWorkers)
    {
        var status = (int)response.Status;
        Assert.True(status < 500, $"{response.Request} answered {status}: {response.Body}");
        if (status != 200) return $"{status} {response.ShouldBeError(response.Status)}";
        var body = response.ShouldBeOk().AsObject();
        if (body.ContainsKey("ex_id") && body.ContainsKey("job_id"))
        {
            Fields.ShouldBeExactly(body, response.Request, "job_id", "ex_id");
            Assert.Equal(job.JobId, Json.Str(body, "job_id"));
            return "200 <ids>";
        }
        if (body.ContainsKey("operations"))
        {
            Assert.Equal(job.JobId, Json.Str(body, "job_id"));
            Assert.Equal(putWorkers, Json.Long(body, "workers"));
            return "200 <job>";
        }
        return $"200 {body.ToJsonString()}";
    }

    /// <summary>No status that no call led to: paused needs a pause, stopping/stopped a stop, recovering a recovery, completed a cleanup type.</summary>
    private static void ShouldOnlyHaveBeenWhereCallsLed(ExModel ex, IReadOnlyList<string> seen, ExecutionWatcher watcher)
    {
        Assert.True(seen.Count > 0, $"ex {ex.ExId} was never seen by the watcher:\n{watcher.Describe()}");
        Assert.True(ExecutionStatus.IsTerminal(seen[^1]), $"ex {ex.ExId} should have ended: {string.Join(" → ", seen)}");
        foreach (var status in seen)
        {
            var led = status switch
            {
                "pending" or "scheduling" or "initializing" or "running" => true,
                "paused" => ex.PauseAsked,
                "stopping" or "stopped" => ex.StopAsked,
                "recovering" => ex.RecoveredFrom is not null,
                "completed" => ex.Cleanup is not null,
                _ => false, // failing, failed, terminated, rejected: nothing here should lead there
            };
            Assert.True(led, $"ex {ex.ExId} (pause asked {ex.PauseAsked}, stop asked {ex.StopAsked}, recovers {ex.RecoveredFrom ?? "nothing"}, " +
                             $"cleanup {ex.Cleanup ?? "none"}) was seen {status}, which no call led to: {string.Join(" → ", seen)}");
        }
    }

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);

    private sealed class JobModel(string jobId, string name, int workers)
    {
        public string JobId { get; } = jobId;
        public string Name { get; } = name;

        /// <summary>The job's workers (what a start or a job-route recovery gives a new execution).</summary>
        public int Workers { get; set; } = workers;

        public List<ExModel> Executions { get; } = [];

        public ExModel Latest => Executions[^1];
    }

    private sealed class ExModel(string exId, int workers, string? recoveredFrom, string? cleanup)
    {
        public string ExId { get; } = exId;

        /// <summary>The worker count the execution's controller holds (what _workers changes).</summary>
        public int Workers { get; set; } = workers;

        public string? RecoveredFrom { get; } = recoveredFrom;
        public string? Cleanup { get; } = cleanup;
        public string? RecoveredBy { get; set; }
        public bool PauseAsked { get; set; }
        public bool StopAsked { get; set; }
    }
}
