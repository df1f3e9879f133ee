using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>Settings of the cluster master singleton.</summary>
public sealed record MasterSettings
{
    /// <summary>The Teraslice version stamped on executions (teraslice_version).</summary>
    public string TerasliceVersion { get; init; } = TerasliceNames.CompatibleVersion;

    /// <summary>A node that has not registered for this long is dropped from the cluster state.</summary>
    public TimeSpan NodeStaleAfter { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Slots handed to an agent count as taken until its next report, at most this long.</summary>
    public TimeSpan ReservationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the master waits for each controller's stats.</summary>
    public TimeSpan StatsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public ControllerSettings Controller { get; init; } = new();

    /// <summary>Garbage collection: retention and schedule.</summary>
    public GcSettings Gc { get; init; } = new();
}
