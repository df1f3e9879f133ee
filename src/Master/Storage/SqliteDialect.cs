using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Teraslice.Akka.Master.Storage;

/// <summary>SQLite through Microsoft.Data.Sqlite: a file shared with the Akka.Persistence.Sql journal.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    // Wait this long for a writer of the same file (our store or the journal) instead of failing.
    private const int BusyTimeoutMs = 5000;

    private readonly string _connectionString;
    private readonly string _dataSource;

    public SqliteDialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new ArgumentException("the SQLite connection string needs a Data Source (the database file)", nameof(connectionString));
        _connectionString = builder.ConnectionString;
        _dataSource = builder.DataSource;
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;
    public override string Database => _dataSource;
    public override string KeyType => "TEXT";
    public override string DocumentType => "TEXT";
    public override string BooleanType => "INTEGER";
    public override string TimestampType => "INTEGER";
    public override string IntegerType => "INTEGER";
    public override string BlobType => "BLOB";
    public override string SequenceKeyType => "INTEGER PRIMARY KEY AUTOINCREMENT";

    // BEGIN IMMEDIATE holds the file's write lock: appends are serialised already.
    public override Task LockForAppendAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct) =>
        Task.CompletedTask;

    // BEGIN IMMEDIATE already holds the database's write lock.
    public override string ForUpdate => "";

    public override async Task<string> PrepareDatabaseAsync(CancellationToken ct)
    {
        if (IsPlainFile(_dataSource))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(_dataSource));
            if (!string.IsNullOrEmpty(folder))
                Directory.CreateDirectory(folder);
        }

        // WAL lets readers and the journal's writer proceed side by side; the mode is stored in the file.
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = await command.ExecuteScalarAsync(ct) as string;
        return $"journal_mode={mode}";
    }

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        // Mode ReadWriteCreate (the default) creates the file when it is missing.
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            // Per-connection settings: pooled connections keep them, new ones need them.
            command.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Serializable + not deferred = BEGIN IMMEDIATE: take the write lock before reading, so a
        // read-modify-write never fails to upgrade (SQLITE_BUSY_SNAPSHOT) nor loses an update.
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false);
        return Task.FromResult(transaction);
    }

    // The schema is created inside BEGIN IMMEDIATE, which already excludes other writers.
    public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;

    // One JSON array parameter, unpacked by json_each: no limit on the number of values.
    public override string InList(string column, string parameter) =>
        $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object ListValue(IReadOnlyCollection<string> values) => JsonSerializer.Serialize(values);

    // SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE.
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    public override Task<long?> SizeInBytesAsync(CancellationToken ct)
    {
        if (!IsPlainFile(_dataSource)) return Task.FromResult<long?>(null);
        var path = Path.GetFullPath(_dataSource);
        return Task.FromResult<long?>(FileBytes(path) + FileBytes(path + "-wal"));
    }

    public override async Task<string> CompactAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        // 0 none, 1 full (pages are given back at every commit already), 2 incremental
        var autoVacuum = Convert.ToInt64(await ScalarAsync(connection, "PRAGMA auto_vacuum;", ct), System.Globalization.CultureInfo.InvariantCulture);
        var done = autoVacuum switch
        {
            0 => "VACUUM",
            2 => "PRAGMA incremental_vacuum",
            _ => "nothing (auto_vacuum=full)",
        };
        if (autoVacuum is 0 or 2) await StepToTheEndAsync(connection, done + ";", ct);
        // the rewritten pages are in the write-ahead log: copy them into the file, which then shrinks, and empty the log
        await ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
        return done;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    // incremental_vacuum frees one page per step (it answers a row per page): read it to the end
    private static async Task StepToTheEndAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
        }
    }

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public override ValueTask DisposeAsync()
    {
        // Close idle pooled connections so the file can be removed or moved after the store is gone.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static bool IsPlainFile(string dataSource) =>
        !dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
        && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
