namespace Teraslice.Akka.Master.Slicing;

/// <summary>Tuning of the slicer entities (defaults suit both SQLite and PostgreSQL).</summary>
public sealed record SlicerSettings
{
    /// <summary>How often dispatched/completed slices are written, coalesced into one event each.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Write a buffer at once when it holds this many slices.</summary>
    public int FlushAtCount { get; init; } = 1000;

    /// <summary>How many cut slices may wait for a worker when the slicer operation does not say.</summary>
    public int DefaultMaxQueueLength { get; init; } = 10_000;

    /// <summary>At most this many slices per SlicesCreated event.</summary>
    public int CutBatch { get; init; } = 1000;

    /// <summary>Snapshot (and trim the journal) after this many events.</summary>
    public int SnapshotEvery { get; init; } = 500;

    /// <summary>How often the controller hears the counters while they change.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A persistent job's slicer that had nothing to cut is asked again after this long.</summary>
    public TimeSpan IdleRetry { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A finished or stopped slicer stops after this long without messages.</summary>
    public TimeSpan TerminalIdle { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Most slices a worker may hold at once, whatever it asks.</summary>
    public int MaxCreditsPerWorker { get; init; } = 64;
}
