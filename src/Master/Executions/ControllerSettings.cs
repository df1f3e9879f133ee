namespace Teraslice.Akka.Master.Executions;

/// <summary>Tuning of execution controllers.</summary>
public sealed record ControllerSettings
{
    /// <summary>How often a controller checks that it has the workers it wants.</summary>
    public TimeSpan TopUpInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Workers asked for but not joined within this long are asked for again.</summary>
    public TimeSpan WorkerRequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the running counters are written into the execution's _slicer_stats.</summary>
    public TimeSpan StatsWriteInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>StartSlicer is sent again at this interval until each slicer answers.</summary>
    public TimeSpan SlicerAttachRetry { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a graceful stop waits for in-flight slices when the request gives no timeout.</summary>
    public TimeSpan DefaultStopTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The host name recorded as slicer_hostname.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The port recorded as slicer_port (the node's remoting port).</summary>
    public int Port { get; init; }
}
