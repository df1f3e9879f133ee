using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// Watches the executions of some jobs from the outside, as a client would: polls
/// <c>GET /v1/ex</c> (one consistent read of every execution) in the background and on demand,
/// keeps each execution's distinct statuses in the order seen, and records every breach of the
/// status rules (teraslice-notes §3.2) and of "a job never has two executions that have not ended".
/// Polls never overlap, so the statuses of one execution are seen in the order the node had them.
/// </summary>
public sealed class ExecutionWatcher : IAsyncDisposable
{
    private readonly TerasliceApi _api;
    private readonly SemaphoreSlim _pollGate = new(1, 1);
    private readonly object _gate = new();
    private readonly HashSet<string> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, History> _executions = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    public ExecutionWatcher(TerasliceApi api, TimeSpan interval)
    {
        _api = api;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await PollAsync();
                try
                {
                    await Task.Delay(interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // disposed
                }
            }
        });
    }

    public int Polls { get; private set; }

    /// <summary>Watches this job's executions from the next poll on.</summary>
    public void Track(string jobId)
    {
        lock (_gate) _jobs.Add(jobId);
    }

    /// <summary>The breaches seen so far, each with when it was seen.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate) return [.. _violations];
        }
    }

    /// <summary>The distinct statuses seen for an execution, in order (empty if never seen).</summary>
    public IReadOnlyList<string> Statuses(string exId)
    {
        lock (_gate) return _executions.TryGetValue(exId, out var history) ? [.. history.Statuses] : [];
    }

    /// <summary>Every execution seen, with its job and its statuses.</summary>
    public IReadOnlyList<(string ExId, string JobId, IReadOnlyList<string> Statuses)> Executions
    {
        get
        {
            lock (_gate) return [.. _executions.Select(kv => (kv.Key, kv.Value.JobId, (IReadOnlyList<string>)[.. kv.Value.Statuses]))];
        }
    }

    /// <summary>One poll now (after any poll in progress).</summary>
    public async Task PollAsync()
    {
        await _pollGate.WaitAsync();
        try
        {
            ApiResponse answer;
            try
            {
                answer = await _api.GetAsync("/v1/ex?size=10000");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Violation($"GET /v1/ex failed: {e.Message}");
                return;
            }
            if (answer.Status != HttpStatusCode.OK)
            {
                Violation($"GET /v1/ex answered {(int)answer.Status}: {answer.Body}");
                return;
            }
            Observe(answer.Json!.AsArray());
        }
        finally
        {
            _pollGate.Release();
        }
    }

    /// <summary>All histories and breaches, for a failure message.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.Append($"{Polls} polls; executions seen:\n");
            foreach (var (exId, history) in _executions)
                text.Append($"  job {history.JobId} ex {exId}: {string.Join(" → ", history.Statuses)}\n");
            if (_violations.Count > 0) text.Append("breaches:\n  ").Append(string.Join("\n  ", _violations)).Append('\n');
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _pollGate.Dispose();
    }

    private void Observe(JsonArray executions)
    {
        lock (_gate)
        {
            Polls++;
            var livingPerJob = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var ex in executions.OfType<JsonObject>())
            {
                var jobId = ex["job_id"]?.ToString() ?? "";
                if (!_jobs.Contains(jobId)) continue;
                var exId = ex["ex_id"]?.ToString() ?? "";
                var status = ex["_status"]?.ToString() ?? "<none>";
                if (!_executions.TryGetValue(exId, out var history))
                    _executions[exId] = history = new History(jobId);
                if (history.Statuses.Count == 0 || history.Statuses[^1] != status)
                {
                    var from = history.Statuses.Count == 0 ? null : history.Statuses[^1];
                    var problem = from is null
                        ? ExecutionStatus.Living.Contains(status) || ExecutionStatus.IsTerminal(status) ? null : $"\"{status}\" is not an execution status"
                        : ExecutionStatus.TransitionViolation(from, status);
                    if (problem is not null) Violation($"ex {exId}: {from ?? "(first seen)"} → {status}: {problem}");
                    history.Statuses.Add(status);
                }
                if (ExecutionStatus.IsLiving(status))
                {
                    if (!livingPerJob.TryGetValue(jobId, out var living)) livingPerJob[jobId] = living = [];
                    living.Add($"{exId} ({status})");
                }
            }
            foreach (var (jobId, living) in livingPerJob.Where(kv => kv.Value.Count > 1))
                Violation($"job {jobId} has {living.Count} executions that have not ended: {string.Join(", ", living)}");
        }
    }

    private void Violation(string text)
    {
        lock (_gate) _violations.Add($"[{_clock.Elapsed.TotalSeconds:0.000} s] {text}");
    }

    private sealed class History(string jobId)
    {
        public string JobId { get; } = jobId;
        public List<string> Statuses { get; } = [];
    }
}
