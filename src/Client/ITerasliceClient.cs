using System.Text.Json.Nodes;

namespace Teraslice.Akka;

/// <summary>
/// Drives a Teraslice.Akka cluster: the same calls in-process (the client of an embedded node, from
/// dependency injection) and against a remote cluster (<see cref="TerasliceHttpClient"/>), so code
/// written against one runs against the other unchanged. A refusal (an unknown job, a job that
/// runs already, ...) is a <see cref="TerasliceException"/> naming the problem.
/// </summary>
public interface ITerasliceClient
{
    /// <summary>
    /// Stores <paramref name="job"/> and starts it. With a <paramref name="jobId"/> of the caller's,
    /// submitting again is idempotent: the same job under the same id answers the ids it got the
    /// first time and never runs it twice (a job whose first submission stored it but never ran it
    /// is started); another job under that id is refused (409) naming the first difference, and so
    /// is a killed job.
    /// </summary>
    Task<SubmittedJob> SubmitJobAsync(JsonObject job, string? jobId = null, CancellationToken ct = default);

    /// <summary>
    /// Waits until the job's latest execution has ended, at most <paramref name="timeout"/>: how it
    /// ended, or <see cref="JobOutcome.TimedOut"/> (a persistent job ends only when stopped or killed).
    /// </summary>
    Task<JobOutcome> AwaitJobCompletionAsync(string jobId, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Stops the job at once (returns once it has stopped) and makes sure it never runs again.</summary>
    Task KillJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>
    /// Every cluster event from sequence <paramref name="fromSequence"/> on (0: the beginning), in
    /// order: those stored first, then new ones as they are appended, never skipping or repeating one
    /// across the switch. Ends only when <paramref name="ct"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<ClusterEvent> SubscribeToLogAsync(long fromSequence = 0, CancellationToken ct = default);

    /// <summary>The stored job (404 as a <see cref="TerasliceException"/> when there is none).</summary>
    Task<JobRecord> GetJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>A page of jobs, the most recently updated first.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(int from = 0, int size = 100, CancellationToken ct = default);

    /// <summary>One execution.</summary>
    Task<ExecutionRecord> GetExecutionAsync(string exId, CancellationToken ct = default);

    /// <summary>The job's latest execution.</summary>
    Task<ExecutionRecord> GetLatestExecutionAsync(string jobId, CancellationToken ct = default);

    /// <summary>Stops the job's execution, letting in-flight slices finish; returns once it has stopped.</summary>
    Task StopJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>Pauses the job's execution (in-flight slices finish, no new ones are handed out).</summary>
    Task PauseJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>Resumes a paused execution.</summary>
    Task ResumeJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>
    /// A new execution of the job that runs again what its latest execution left undone
    /// (<paramref name="cleanupType"/>: all, errors, pending; null: everything not completed, then it goes on).
    /// </summary>
    Task<SubmittedJob> RecoverJobAsync(string jobId, string? cleanupType = null, CancellationToken ct = default);

    /// <summary>Sets how many workers the job's execution has.</summary>
    Task SetWorkersAsync(string jobId, int workers, CancellationToken ct = default);

    /// <summary>
    /// Collects what finished work left behind and returns what was deleted: the slicer journals of
    /// executions that ended longer than <paramref name="retention"/> ago (they can no longer be
    /// recovered), older cluster events, then the store is compacted. Returns once done (one
    /// collection runs at a time: a second waits for the first).
    /// </summary>
    /// <param name="retention">History to keep (zero or more); null: the cluster's <c>teraslice.gc.retention</c> (7 days by default).</param>
    Task<GcReport> GcAsync(TimeSpan? retention = null, CancellationToken ct = default);
}
