using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka;

/// <summary>
/// <see cref="ITerasliceClient"/> over the cluster's requests (<see cref="IMasterRequest"/>): every
/// call is one request whose reply is a <see cref="JsonReply"/> or a <see cref="Rejection"/>. A
/// transport (in-process, or <see cref="TerasliceHttpClient"/> over the REST API) only carries them.
/// </summary>
public abstract class TerasliceClient : ITerasliceClient
{
    /// <summary>How long an ordinary request may take.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop or a kill may take (it answers once the execution has stopped).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a garbage collection may take (compacting a large SQLite file takes a while).</summary>
    public static readonly TimeSpan GcTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How often a wait or a subscription looks again when there is nothing new.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Sends a request; returns its <see cref="JsonReply"/> or <see cref="Rejection"/> (a transport failure is a rejection of kind Unavailable).</summary>
    protected abstract Task<object> SendAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct);

    public async Task<SubmittedJob> SubmitJobAsync(JsonObject job, string? jobId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var reply = await AskObjectAsync(new SubmitJob(JobSpec.Parse(job.ToJsonString()), Start: true, jobId), ct);
        return Submitted(reply);
    }

    public async Task<JobOutcome> AwaitJobCompletionAsync(string jobId, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await GetJobAsync(jobId, ct);
            var latest = await LatestOrNullAsync(jobId, ct);
            if (Outcome(job, latest) is { } outcome) return outcome;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return JobOutcome.TimedOut;
            await Task.Delay(left < PollInterval ? left : PollInterval, ct);
        }
    }

    public async Task KillJobAsync(string jobId, CancellationToken ct = default) =>
        await AskAsync(new KillJob(jobId), ct, StopTimeout);

    public async IAsyncEnumerable<ClusterEvent> SubscribeToLogAsync(long fromSequence = 0, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var next = Math.Max(0, fromSequence);
        while (true)
        {
            var batch = (JsonArray)(await AskAsync(new GetClusterEvents(next, GetClusterEvents.MaxBatch), ct))!;
            foreach (var item in batch)
            {
                var e = ClusterEvent.FromJson(item!.AsObject());
                next = e.Sequence + 1;
                yield return e;
            }
            if (batch.Count < GetClusterEvents.MaxBatch) await Task.Delay(PollInterval, ct);
        }
    }

    public async Task<JobRecord> GetJobAsync(string jobId, CancellationToken ct = default) =>
        JobRecord.From(await AskObjectAsync(new GetJob(jobId, null), ct));

    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(int from = 0, int size = 100, CancellationToken ct = default)
    {
        var reply = (JsonArray)(await AskAsync(new ListJobs(ListQuery.Default with { From = from, Size = size }, null, null), ct))!;
        return reply.Select(j => JobRecord.From(j!.AsObject())).ToList();
    }

    public async Task<ExecutionRecord> GetExecutionAsync(string exId, CancellationToken ct = default) =>
        ExecutionRecord.From(await AskObjectAsync(new GetExecution(exId), ct));

    public async Task<ExecutionRecord> GetLatestExecutionAsync(string jobId, CancellationToken ct = default) =>
        ExecutionRecord.From(await AskObjectAsync(new GetLatestExecution(jobId), ct));

    public async Task StopJobAsync(string jobId, CancellationToken ct = default) =>
        await AskAsync(new StopExecution(jobId, null, Blocking: true, Force: false, TimeoutMs: null), ct, StopTimeout);

    public async Task PauseJobAsync(string jobId, CancellationToken ct = default) => await AskAsync(new PauseExecution(jobId, null), ct);

    public async Task ResumeJobAsync(string jobId, CancellationToken ct = default) => await AskAsync(new ResumeExecution(jobId, null), ct);

    public async Task<SubmittedJob> RecoverJobAsync(string jobId, string? cleanupType = null, CancellationToken ct = default) =>
        Submitted(await AskObjectAsync(new RecoverExecution(jobId, null, cleanupType), ct));

    public async Task SetWorkersAsync(string jobId, int workers, CancellationToken ct = default) =>
        await AskAsync(new ChangeWorkers(jobId, null, WorkerChange.Total, workers), ct);

    public async Task<GcReport> GcAsync(TimeSpan? retention = null, CancellationToken ct = default)
    {
        if (retention < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(retention), retention, "the retention must be zero or more");
        // whole milliseconds: what the REST route carries
        var asked = retention is { } r ? TimeSpan.FromMilliseconds(Math.Floor(r.TotalMilliseconds)) : (TimeSpan?)null;
        return GcReport.FromJson(await AskObjectAsync(new RunGc(asked), ct, GcTimeout));
    }

    /// <summary>How a job ended, or null while its latest execution lives (or it has none yet).</summary>
    internal static JobOutcome? Outcome(JobRecord job, ExecutionRecord? latest) => latest switch
    {
        null => job.Killed ? JobOutcome.Killed : null,
        { Status: var s } when !s.IsTerminal() => null,
        _ when job.Killed => JobOutcome.Killed,
        { Status: ExecutionStatus.Completed } => JobOutcome.Completed,
        { Status: ExecutionStatus.Failed } => JobOutcome.Failed,
        _ => JobOutcome.Stopped,
    };

    private async Task<ExecutionRecord?> LatestOrNullAsync(string jobId, CancellationToken ct)
    {
        try
        {
            return await GetLatestExecutionAsync(jobId, ct);
        }
        catch (TerasliceException e) when (e.Kind == RejectionKind.NotFound)
        {
            return null; // submitted, its execution not created yet
        }
    }

    private static SubmittedJob Submitted(JsonObject reply) => new((string)reply["job_id"]!, (string?)reply["ex_id"]);

    private async Task<JsonObject> AskObjectAsync(IMasterRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        (await AskAsync(request, ct, timeout))?.AsObject() ?? throw new TerasliceException(RejectionKind.Internal, $"{request.GetType().Name} answered null");

    private async Task<JsonNode?> AskAsync(IMasterRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        await SendAsync(request, timeout ?? RequestTimeout, ct) switch
        {
            JsonReply reply => JsonNode.Parse(reply.Json),
            Rejection rejection => throw new TerasliceException(rejection.Kind, rejection.Message),
            var other => throw new TerasliceException(RejectionKind.Internal, $"{request.GetType().Name} got an unexpected {other?.GetType().Name ?? "null"}"),
        };
}
