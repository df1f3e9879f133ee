using System.Data;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Master.Storage;

// The cluster event log: one row per event, numbered by the database. Appends are serialised
// (SQLite: the write transaction holds the file's write lock; PostgreSQL: the table is locked for
// writes until the append commits), so sequence order is commit order: a reader that has seen
// sequence n never sees a smaller one appear later, and "every event after n" misses nothing.
public sealed partial class SqlStateStore
{
    private const string EventsTable = "ts_events";

    private static IEnumerable<string> EventSchemaStatements(SqlDialect d) =>
    [
        $"CREATE TABLE IF NOT EXISTS {EventsTable} (seq {d.SequenceKeyType}, at {d.TimestampType} NOT NULL, " +
        $"kind {d.KeyType} NOT NULL, job_id {d.KeyType} NULL, ex_id {d.KeyType} NULL, data {d.DocumentType} NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS ix_{EventsTable}_at ON {EventsTable} (at)",
    ];

    public async Task<IReadOnlyList<ClusterEvent>> AppendEventsAsync(IReadOnlyList<NewClusterEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            ArgumentException.ThrowIfNullOrEmpty(e.Kind, "events");
            ArgumentNullException.ThrowIfNull(e.Data, "events");
        }
        if (events.Count == 0) return [];
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await _dialect.LockForAppendAsync(connection, transaction, EventsTable, ct);
        await using var command = Command(connection,
            $"INSERT INTO {EventsTable} (at, kind, job_id, ex_id, data) VALUES (@at, @kind, @job_id, @ex_id, @data) RETURNING seq", transaction);
        var at = Add(command, "@at", null, DbType.Int64);
        var kind = Add(command, "@kind", null, DbType.String);
        var jobId = Add(command, "@job_id", null, DbType.String);
        var exId = Add(command, "@ex_id", null, DbType.String);
        var data = Add(command, "@data", null, DbType.String);
        var appended = new List<ClusterEvent>(events.Count);
        foreach (var e in events)
        {
            var milliseconds = e.At.ToUnixTimeMilliseconds();
            at.Value = milliseconds;
            kind.Value = e.Kind;
            jobId.Value = (object?)e.JobId ?? DBNull.Value;
            exId.Value = (object?)e.ExId ?? DBNull.Value;
            data.Value = StateDocuments.ToText(e.Data);
            var sequence = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            appended.Add(new ClusterEvent(sequence, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), e.Kind, e.JobId, e.ExId, (JsonObject)e.Data.DeepClone()));
        }
        await transaction.CommitAsync(ct);
        return appended;
    }

    public async Task<IReadOnlyList<ClusterEvent>> ReadEventsAsync(long from, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return [];
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection,
            $"SELECT seq, at, kind, job_id, ex_id, data FROM {EventsTable} WHERE seq >= @from ORDER BY seq LIMIT @max");
        Add(command, "@from", from, DbType.Int64);
        Add(command, "@max", max, DbType.Int32);
        var events = new List<ClusterEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new ClusterEvent(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                StateDocuments.Parse(reader.GetString(5))));
        }
        return events;
    }
}
