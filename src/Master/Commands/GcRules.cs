using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// Which executions a garbage collection may take the slice history of (their slicers' journals
/// and snapshots), as a pure function of the stored records. Once taken, an execution cannot be
/// recovered, so the rules keep every journal something may still read.
/// </summary>
public static class GcRules
{
    /// <summary>
    /// The executions of <paramref name="ended"/> that may be collected: each has ended (terminal
    /// status), was not collected already, last changed (<c>_updated</c>, when it ended) before
    /// <paramref name="before"/>, is not the one a living execution recovers (its slicers read the
    /// old journal when they start, and again after a crash until they have written what they took),
    /// and is not the latest execution of a job with <c>autorecover</c> (its next <c>_start</c> recovers it).
    /// </summary>
    /// <param name="ended">Candidates (any records: each is checked).</param>
    /// <param name="living">The living executions.</param>
    /// <param name="latestOfJob">The latest execution of each candidate's job, by job id.</param>
    /// <param name="before">The retention point (UTC): now minus the retention.</param>
    public static IReadOnlyList<ExecutionRecord> Collectable(
        IEnumerable<ExecutionRecord> ended, IEnumerable<ExecutionRecord> living, IReadOnlyDictionary<string, ExecutionRecord> latestOfJob, DateTime before)
    {
        var recoveredByLiving = living.Where(l => l.Status.IsLiving() && l.RecoveredExecution is not null)
            .Select(l => l.RecoveredExecution!).ToHashSet(StringComparer.Ordinal);
        return ended.Where(ex => ex.Status.IsTerminal()
                                 && ex.GcOn is null
                                 && ex.Updated is { } updated && updated < before
                                 && !recoveredByLiving.Contains(ex.ExId)
                                 && !StartWouldRecover(ex, latestOfJob))
            .ToList();
    }

    // A job's latest execution, when the job autorecovers: its _start recovers it, whenever that comes.
    // Unknown latest: kept.
    private static bool StartWouldRecover(ExecutionRecord ex, IReadOnlyDictionary<string, ExecutionRecord> latestOfJob) =>
        ex.Autorecover && !ex.Deleted && (!latestOfJob.TryGetValue(ex.JobId, out var latest) || latest.ExId == ex.ExId);
}
