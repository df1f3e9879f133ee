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

    public async Task<ClusterEvent> AppendEventAsync(string kind, string? jobId, string? exId, JsonObject data, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(data);
        var milliseconds = at.ToUnixTimeMilliseconds();
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await _dialect.LockForAppendAsync(connection, transaction, EventsTable, ct);
        await using var command = Command(connection,
            $"INSERT INTO {EventsTable} (at, kind, job_id, ex_id, data) VALUES (@at, @kind, @job_id, @ex_id, @data) RETURNING seq", transaction);
        Add(command, "@at", milliseconds, DbType.Int64);
        Add(command, "@kind", kind, DbType.String);
        Add(command, "@job_id", jobId, DbType.String);
        Add(command, "@ex_id", exId, DbType.String);
        Add(command, "@data", StateDocuments.ToText(data), DbType.String);
        var sequence = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync(ct);
        return new ClusterEvent(sequence, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), kind, jobId, exId, (JsonObject)data.DeepClone());
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
