using System.Diagnostics;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Commands;

/// <summary>
/// A garbage collection (<see cref="RunGc"/>) over the store: the slicer journals and snapshots of
/// the executions <see cref="GcRules"/> lets go (each marked <c>_gc_on</c> in the same transaction,
/// so its <c>_recover</c> is refused from then on), the cluster events before the retention point,
/// then a compaction; answered with a <see cref="GcReport"/>, also appended as a <c>gc</c> event.
/// The cluster master runs one at a time, never beside a command that may start a recovery
/// (<see cref="GcExclusion{T}"/>).
/// </summary>
/// <param name="journal">The journal's tables (from the node's persistence config); null: every collection is refused.</param>
public sealed class GcCommands(IStateStore store, JournalTables? journal, GcSettings settings, ClusterEventLog events)
{
    public async Task<Decision> RunAsync(RunGc run, CancellationToken ct = default)
    {
        var retention = run.Retention ?? settings.Retention;
        if (retention < TimeSpan.Zero) return Rejections.NegativeRetention(retention);
        if (journal is null) return Rejections.GcWithoutJournal;

        var took = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var before = retention >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - retention;
        var sizeBefore = await store.SizeInBytesAsync(ct);

        var ended = (await store.ListEndedExecutionsAsync(before, ct)).Select(ExecutionRecord.From).ToList();
        var living = ended.Count == 0 ? [] : await store.ListLivingExecutionsAsync(ct);
        var latest = ended.Count == 0
            ? new Dictionary<string, ExecutionRecord>()
            : (await store.GetLatestExecutionsAsync(ended.Select(e => e.JobId).Distinct().ToList(), ct))
            .ToDictionary(kv => kv.Key, kv => ExecutionRecord.From(kv.Value), StringComparer.Ordinal);

        var gcOn = Documents.Now();
        var collected = 0;
        long journalRows = 0, snapshotRows = 0;
        foreach (var ex in GcRules.Collectable(ended, living, latest, before.UtcDateTime))
        {
            var persistenceIds = Enumerable.Range(0, ex.Slicers).Select(slicer => TerasliceNames.SlicerPersistenceId(ex.ExId, slicer)).ToList();
            if (await store.DeleteSliceHistoryAsync(ex.ExId, persistenceIds, gcOn, journal, ct) is not { } deleted) continue;
            collected++;
            journalRows += deleted.JournalRows;
            snapshotRows += deleted.SnapshotRows;
        }
        var eventsDeleted = await store.DeleteEventsBeforeAsync(before, ct);
        await store.CompactAsync(ct);
        var sizeAfter = await store.SizeInBytesAsync(ct);

        var report = new GcReport(retention, before, collected, journalRows, snapshotRows, eventsDeleted, sizeBefore - sizeAfter, took.Elapsed);
        await events.AppendAsync(ClusterEventKinds.Gc, null, null, report.ToJson());
        return Decision.Json(report.ToJson());
    }
}
