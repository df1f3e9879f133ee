using System.Data.Common;

namespace Teraslice.Akka.Master.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL differ for <see cref="SqlStateStore"/>: connections,
/// column types, the write transaction, list parameters and error codes. Everything else is shared SQL.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    /// <summary>Where the data lives, for logs; never contains a password.</summary>
    public abstract string Database { get; }

    /// <summary>Column type of ids and the sortable text columns.</summary>
    public abstract string KeyType { get; }

    /// <summary>Column type of the JSON document: plain text, so the key order is kept as written.</summary>
    public abstract string DocumentType { get; }

    public abstract string BooleanType { get; }

    /// <summary>Column type of timestamps (Unix epoch milliseconds, UTC).</summary>
    public abstract string TimestampType { get; }

    /// <summary>Column type of 64-bit integers such as a slice's slicer_order.</summary>
    public abstract string IntegerType { get; }

    /// <summary>The column definition of a primary key the database numbers 1, 2, ... on insert.</summary>
    public abstract string SequenceKeyType { get; }

    /// <summary>
    /// Inside a write transaction: waits until no other append to <paramref name="table"/> is under
    /// way, and keeps others waiting until this transaction ends (numbers are then committed in order).
    /// </summary>
    public abstract Task LockForAppendAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct);

    /// <summary>Column type of binary data (asset bundles).</summary>
    public abstract string BlobType { get; }

    /// <summary>Appended to the SELECT of a read-modify-write ("" where the transaction already locks).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// Prepares the database before the schema is created (SQLite: create the folder and switch the
    /// file to WAL). Returns a short description for the start-up log.
    /// </summary>
    public abstract Task<string> PrepareDatabaseAsync(CancellationToken ct);

    /// <summary>Opens a connection ready for use (per-connection settings applied).</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A transaction that holds the write lock of what it reads until it ends.</summary>
    public abstract Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Serialises schema creation between processes that initialise at the same time.</summary>
    public abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>A predicate "<paramref name="column"/> is one of the values bound to <paramref name="parameter"/>".</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>The value to bind for <see cref="InList"/>: one parameter whatever the number of values.</summary>
    public abstract object ListValue(IReadOnlyCollection<string> values);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// The database's size on disk in bytes (SQLite: the file and its write-ahead log), or null where
    /// it cannot be measured from here (PostgreSQL, an in-memory SQLite database).
    /// </summary>
    public abstract Task<long?> SizeInBytesAsync(CancellationToken ct);

    /// <summary>Gives the space of deleted rows back (SQLite: VACUUM or incremental_vacuum); returns what it did, for logs.</summary>
    public abstract Task<string> CompactAsync(CancellationToken ct);

    /// <summary>A table name as SQL, quoted (both databases quote with double quotes), schema first when it has one.</summary>
    public static string TableName(PersistenceTable table) =>
        table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";

    /// <summary>An identifier quoted for SQL: the names come from configuration, never from requests.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static SqlDialect Create(StorageProvider provider, string connectionString) => provider switch
    {
        StorageProvider.Sqlite => new SqliteDialect(connectionString),
        StorageProvider.Postgres => new PostgresDialect(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
    };
}
