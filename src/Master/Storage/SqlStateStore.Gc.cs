using System.Data;
using System.Text.Json.Nodes;
using Teraslice.Akka.Protocol.Executions;

namespace Teraslice.Akka.Master.Storage;

// Garbage collection: the slice history of executions that ended (their slicers' rows in the
// Akka.Persistence.Sql journal and snapshot tables, which live in the same database), the old part
// of the event log, and compaction. Which executions may go is the caller's rule (GcRules); the
// store only refuses to touch an execution that has not ended.
public sealed partial class SqlStateStore
{
    private const string GcOnField = "_gc_on";

    private static readonly string[] TerminalStatuses =
        Enum.GetValues<ExecutionStatus>().Where(s => s.IsTerminal()).Select(s => s.ToWire()).ToArray();

    public async Task<IReadOnlyList<JsonObject>> ListEndedExecutionsAsync(DateTimeOffset updatedBefore, CancellationToken ct = default)
    {
        // The LIKE only skips documents that were collected already (it may skip a document with a
        // user field of that name too, which then keeps its journal: never the other way round).
        var sql = $"SELECT doc FROM {ExecutionsTable} WHERE {_dialect.InList("status", "@statuses")} AND updated < @before " +
                  $"AND doc NOT LIKE '%\"\\_gc\\_on\":%' ESCAPE '\\' ORDER BY updated, ex_id";
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql);
        Add(command, "@statuses", _dialect.ListValue(TerminalStatuses), dbType: null);
        Add(command, "@before", updatedBefore.ToUnixTimeMilliseconds(), DbType.Int64);
        return await ReadDocumentsAsync(command, ct);
    }

    public async Task<SliceHistoryDeleted?> DeleteSliceHistoryAsync(
        string exId, IReadOnlyCollection<string> persistenceIds, string gcOn, JournalTables journal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(exId);
        ArgumentNullException.ThrowIfNull(persistenceIds);
        ArgumentNullException.ThrowIfNull(journal);
        if (!StateDocuments.IsTimestamp(gcOn))
            throw new ArgumentException($"gcOn must be an ISO-8601 UTC timestamp such as \"2024-01-01T00:00:00.000Z\", got \"{gcOn}\"", nameof(gcOn));

        // One transaction: the mark that refuses _recover and the deletion land together, or neither does.
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        var stored = await SelectDocumentsAsync(connection, transaction, GetExecutionSql + _dialect.ForUpdate, "@id", exId, ct);
        if (stored.Count == 0 || ExecutionRecord.From(stored[0]) is not { GcOn: null } ex || !ex.Status.IsTerminal())
            return null; // disposing the transaction rolls it back

        var marked = StateDocuments.Merge(stored[0], new JsonObject { [GcOnField] = gcOn });
        await using (var update = Command(connection, UpdateExecutionSql, transaction))
        {
            BindExecution(update, marked);
            await update.ExecuteNonQueryAsync(ct);
        }
        var journalRows = await DeleteRowsAsync(connection, transaction, journal.Journal, persistenceIds, ct);
        var snapshotRows = await DeleteRowsAsync(connection, transaction, journal.Snapshot, persistenceIds, ct);
        await transaction.CommitAsync(ct);
        return new SliceHistoryDeleted(journalRows, snapshotRows);
    }

    public async Task<long> DeleteEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, $"DELETE FROM {EventsTable} WHERE at < @before");
        Add(command, "@before", before.ToUnixTimeMilliseconds(), DbType.Int64);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public Task<long?> SizeInBytesAsync(CancellationToken ct = default) => _dialect.SizeInBytesAsync(ct);

    public Task<string> CompactAsync(CancellationToken ct = default) => _dialect.CompactAsync(ct);

    private async Task<long> DeleteRowsAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, PersistenceTable table,
        IReadOnlyCollection<string> persistenceIds, CancellationToken ct)
    {
        if (persistenceIds.Count == 0) return 0;
        var column = SqlDialect.Quote(table.PersistenceIdColumn);
        await using var command = Command(connection,
            $"DELETE FROM {SqlDialect.TableName(table)} WHERE {_dialect.InList(column, "@persistence_ids")}", transaction);
        Add(command, "@persistence_ids", _dialect.ListValue(persistenceIds), dbType: null);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
