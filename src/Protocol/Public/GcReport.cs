using System.Text.Json.Nodes;

namespace Teraslice.Akka;

/// <summary>
/// What one garbage collection of the cluster's store deleted (<c>POST /cluster/_gc</c>,
/// <c>ITerasliceClient.GcAsync</c>, or the <c>teraslice.gc.interval</c> schedule): the slicer
/// journals and snapshots of executions that ended before <see cref="Before"/> (they cannot be
/// recovered any more), the cluster events appended before it, and what compacting the store gave back.
/// </summary>
/// <param name="Retention">How much history was kept: executions that ended and events appended within it were left alone.</param>
/// <param name="Before">The retention point (when the collection started, minus <see cref="Retention"/>), UTC.</param>
/// <param name="ExecutionsCollected">Executions whose slicer journals were deleted by this collection.</param>
/// <param name="JournalRowsDeleted">Rows of the slicer journal table deleted.</param>
/// <param name="SnapshotRowsDeleted">Rows of the snapshot table deleted.</param>
/// <param name="EventsDeleted">Cluster events deleted.</param>
/// <param name="BytesFreed">
/// SQLite: the size of the database file and its write-ahead log before the collection minus after
/// it was compacted (negative when running jobs wrote more meanwhile than was freed). PostgreSQL:
/// null (the space is reused by the database; its files do not shrink).
/// </param>
/// <param name="Took">How long the collection took, compaction included.</param>
public sealed record GcReport(
    TimeSpan Retention,
    DateTimeOffset Before,
    int ExecutionsCollected,
    long JournalRowsDeleted,
    long SnapshotRowsDeleted,
    long EventsDeleted,
    long? BytesFreed,
    TimeSpan Took)
{
    /// <summary>
    /// The report as the REST API writes it: retention_ms, before (ISO-8601 UTC),
    /// executions_collected, journal_rows_deleted, snapshot_rows_deleted, events_deleted,
    /// bytes_freed (null on PostgreSQL), took_ms.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["retention_ms"] = (long)Retention.TotalMilliseconds,
        ["before"] = Timestamps.Format(Before),
        ["executions_collected"] = ExecutionsCollected,
        ["journal_rows_deleted"] = JournalRowsDeleted,
        ["snapshot_rows_deleted"] = SnapshotRowsDeleted,
        ["events_deleted"] = EventsDeleted,
        ["bytes_freed"] = BytesFreed,
        ["took_ms"] = (long)Took.TotalMilliseconds,
    };

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">A field is missing or of the wrong type.</exception>
    public static GcReport FromJson(JsonObject json)
    {
        try
        {
            return new GcReport(
                TimeSpan.FromMilliseconds(json["retention_ms"]!.GetValue<long>()),
                Timestamps.Parse(json["before"]!.GetValue<string>()),
                json["executions_collected"]!.GetValue<int>(),
                json["journal_rows_deleted"]!.GetValue<long>(),
                json["snapshot_rows_deleted"]!.GetValue<long>(),
                json["events_deleted"]!.GetValue<long>(),
                json["bytes_freed"]?.GetValue<long>(),
                TimeSpan.FromMilliseconds(json["took_ms"]!.GetValue<long>()));
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not a garbage-collection report: {json.ToJsonString()}", e);
        }
    }
}
