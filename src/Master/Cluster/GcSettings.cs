namespace Teraslice.Akka.Master.Cluster;

/// <summary>Garbage collection of what finished work left behind (<c>teraslice.gc</c>).</summary>
public sealed record GcSettings
{
    /// <summary>
    /// History kept: executions that ended longer ago than this lose their slice history (they can
    /// no longer be recovered), and older cluster events are deleted. Zero or more.
    /// </summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the cluster master collects on its own; null (the default): only when asked (<c>POST /cluster/_gc</c>).</summary>
    public TimeSpan? Interval { get; init; }
}
