using System.Data.Common;
using Npgsql;

namespace Teraslice.Akka.Master.Storage;

/// <summary>PostgreSQL through Npgsql; one <see cref="NpgsqlDataSource"/> (and pool) per store.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    // Any fixed number: the transaction-scoped advisory lock that serialises CREATE ... IF NOT EXISTS,
    // which is not safe when two nodes run it at the same moment.
    private const long SchemaLockKey = 0x7453_5f73_746f_7265; // "tS_store"

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _database;

    public PostgresDialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _database = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override StorageProvider Provider => StorageProvider.Postgres;
    public override string Database => _database;

    // "C": byte order, the same order SQLite gives, whatever the database's default collation.
    public override string KeyType => "text COLLATE \"C\"";

    // text, not jsonb: jsonb reorders keys.
    public override string DocumentType => "text";
    public override string BooleanType => "boolean";
    public override string TimestampType => "bigint";
    public override string IntegerType => "bigint";
    public override string BlobType => "bytea";
    public override string SequenceKeyType => "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    // EXCLUSIVE mode lets readers read and keeps other writers waiting until the append commits.
    public override async Task LockForAppendAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"LOCK TABLE {table} IN EXCLUSIVE MODE";
        await command.ExecuteNonQueryAsync(ct);
    }
    public override string ForUpdate => " FOR UPDATE";

    public override Task<string> PrepareDatabaseAsync(CancellationToken ct) => Task.FromResult("");

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct);

    public override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct); // read committed; the row lock comes from FOR UPDATE

    public override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        command.Parameters.Add(new NpgsqlParameter<long>("key", SchemaLockKey));
        await command.ExecuteNonQueryAsync(ct);
    }

    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object ListValue(IReadOnlyCollection<string> values) => values.ToArray();

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // The server's files are not ours to measure; deleted rows are reused by the database after autovacuum.
    public override Task<long?> SizeInBytesAsync(CancellationToken ct) => Task.FromResult<long?>(null);

    // Nothing special: autovacuum makes the space of deleted rows reusable; VACUUM FULL (which would
    // shrink the files) locks the tables the running slicers write to, so it is left to operators.
    public override Task<string> CompactAsync(CancellationToken ct) => Task.FromResult("nothing (autovacuum reuses the space)");

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
