using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// The rules of the job and execution commands, as pure functions of the stored records: each
/// returns the rejection that applies, or null when the command may go on.
/// </summary>
public static class JobRules
{
    /// <summary>A job that exists and is not deleted; <paramref name="cannotBe"/> names what deletion prevents.</summary>
    public static Rejection? MustBeLive(JobRecord? job, string jobId, string cannotBe) =>
        job is null ? Rejections.JobNotFound(jobId)
        : job.Deleted ? Rejections.JobDeleted(jobId, cannotBe)
        : null;

    /// <summary>A killed job never runs again; <paramref name="cannotBe"/> names what the kill prevents.</summary>
    public static Rejection? MustNotBeKilled(JobRecord job, string cannotBe) =>
        job.Killed ? Rejections.JobKilled(job.JobId, cannotBe) : null;

    /// <summary>One execution of a job at a time: its latest must have ended.</summary>
    public static Rejection? MustNotBeRunning(ExecutionRecord? latest, string jobId) =>
        latest is not null && !latest.Status.IsTerminal() ? Rejections.JobRunning(jobId) : null;

    /// <summary>A job is deleted once, and only when none of its executions lives.</summary>
    public static Rejection? CanDelete(JobRecord? job, string jobId, bool hasLivingExecution) =>
        job is null ? Rejections.JobNotFound(jobId)
        : job.Deleted ? Rejections.JobAlreadyDeleted(jobId)
        : hasLivingExecution ? Rejections.JobRunningCannotDelete(jobId)
        : null;

    /// <summary>As upstream: a job can always be made inactive, even when it no longer validates.</summary>
    public static bool SkipsValidation(JobSpec update) => update.Deactivates;

    /// <summary>
    /// An execution is recovered once it has ended, while no other execution of its job runs, and
    /// only once: what it left undone was run by the execution that recovered it, so recovering it
    /// again would run it twice (recover that one instead). Its slice history must still be there:
    /// a garbage collection (<c>_gc_on</c>) took it for good.
    /// </summary>
    public static Rejection? CanRecover(ExecutionRecord source, ExecutionRecord? latest, IEnumerable<ExecutionRecord> executionsOfJob)
    {
        if (!source.Status.IsTerminal()) return Rejections.RecoverLivingExecution(source.ExId, source.Status.ToWire());
        if (MustNotBeRunning(latest, source.JobId) is { } running) return running;
        if (executionsOfJob.FirstOrDefault(e => e.RecoveredExecution == source.ExId) is { } recoveredBy)
            return Rejections.AlreadyRecovered(source.ExId, recoveredBy.ExId);
        return source.GcOn is { } collected ? Rejections.SliceHistoryCollected(source.ExId, collected) : null;
    }

    /// <summary>Pause, resume and workers act on a living execution only.</summary>
    public static Rejection? MustBeLiving(ExecutionRecord ex) =>
        ex.Status.IsTerminal() ? Rejections.NoActiveExecution(ex.ExId) : null;

    /// <summary>
    /// Autorecover: a start recovers the latest execution's pending slices, then the job goes on; a
    /// latest execution whose slice history was garbage-collected leaves nothing to recover, and the
    /// job starts afresh (the collection keeps it while the job autorecovers: this is a job that
    /// was made to autorecover afterwards).
    /// </summary>
    public static bool StartRecovers(JobConfig job, ExecutionRecord? latest) => job.Autorecover && latest is { GcOn: null };
}
