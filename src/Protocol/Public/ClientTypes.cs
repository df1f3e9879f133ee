namespace Teraslice.Akka;

/// <summary>What a submission gave: the job's id, and its execution's id when it was started.</summary>
public sealed record SubmittedJob(string JobId, string? ExId);

/// <summary>How a job ended, as <c>ITerasliceClient.AwaitJobCompletionAsync</c> saw it.</summary>
public enum JobOutcome
{
    /// <summary>Its execution completed (every slice processed).</summary>
    Completed,

    /// <summary>Its execution failed.</summary>
    Failed,

    /// <summary>Its execution was stopped (it may be started or recovered again).</summary>
    Stopped,

    /// <summary>The job was killed: it never runs again.</summary>
    Killed,

    /// <summary>It had not ended when the wait was over.</summary>
    TimedOut,
}
