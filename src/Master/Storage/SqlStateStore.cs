using System.Data;
using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Storage;

/// <summary>
/// <see cref="IStateStore"/> on SQLite or PostgreSQL with plain ADO.NET. Tables <c>ts_jobs</c>,
/// <c>ts_executions</c> and <c>ts_slice_errors</c> hold each document as JSON text (key order kept)
/// next to the columns lists filter and sort on; timestamps are stored as Unix epoch milliseconds
/// (UTC). Every call opens its own pooled connection and holds it only for its own statements.
/// Microsoft.Data.Sqlite runs synchronously under its async API: on SQLite a call blocks its thread
/// while it waits for the file's write lock (busy_timeout, then the command timeout).
/// </summary>
public sealed partial class SqlStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    private const string JobsTable = "ts_jobs";
    private const string ExecutionsTable = "ts_executions";
    private const string SliceErrorsTable = "ts_slice_errors";

    // Ties in a sort are broken by the row's key, in this order.
    private static readonly string[] JobKey = ["job_id"];
    private static readonly string[] ExecutionKey = ["ex_id"];
    private static readonly string[] SliceErrorKey = ["ex_id", "slice_id"];

    // Sort fields of the API → columns. Only these strings ever reach ORDER BY.
    private static readonly Dictionary<string, SortColumn> JobSortColumns = new(StringComparer.Ordinal)
    {
        ["_created"] = new("created", Nullable: false),
        ["_updated"] = new("updated", Nullable: false),
        ["name"] = new("name", Nullable: true),
        ["job_id"] = new("job_id", Nullable: false),
    };

    private static readonly Dictionary<string, SortColumn> ExecutionSortColumns = new(StringComparer.Ordinal)
    {
        ["_created"] = new("created", Nullable: false),
        ["_updated"] = new("updated", Nullable: false),
        ["name"] = new("name", Nullable: true),
        ["job_id"] = new("job_id", Nullable: false),
        ["ex_id"] = new("ex_id", Nullable: false),
        ["_status"] = new("status", Nullable: true),
    };

    private static readonly Dictionary<string, SortColumn> SliceErrorSortColumns = new(StringComparer.Ordinal)
    {
        ["_created"] = new("created", Nullable: false),
        ["_updated"] = new("updated", Nullable: false),
        ["slicer_order"] = new("slicer_order", Nullable: false),
        ["slice_id"] = new("slice_id", Nullable: false),
        ["ex_id"] = new("ex_id", Nullable: false),
    };

    private const string InsertJobSql =
        $"INSERT INTO {JobsTable} (job_id, doc, name, active, deleted, created, updated) " +
        "VALUES (@id, @doc, @name, @active, @deleted, @created, @updated)";

    private const string UpdateJobSql =
        $"UPDATE {JobsTable} SET doc = @doc, name = @name, active = @active, deleted = @deleted, " +
        "created = @created, updated = @updated WHERE job_id = @id";

    private const string GetJobSql = $"SELECT doc FROM {JobsTable} WHERE job_id = @id";

    private const string InsertExecutionSql =
        $"INSERT INTO {ExecutionsTable} (ex_id, job_id, doc, name, status, deleted, created, updated) " +
        "VALUES (@id, @job_id, @doc, @name, @status, @deleted, @created, @updated)";

    private const string UpdateExecutionSql =
        $"UPDATE {ExecutionsTable} SET job_id = @job_id, doc = @doc, name = @name, status = @status, " +
        "deleted = @deleted, created = @created, updated = @updated WHERE ex_id = @id";

    private const string GetExecutionSql = $"SELECT doc FROM {ExecutionsTable} WHERE ex_id = @id";

    // Newest _created first; ex_id breaks ties so the answer never depends on the plan.
    private const string GetLatestExecutionSql =
        $"SELECT doc FROM {ExecutionsTable} WHERE job_id = @job_id ORDER BY created DESC, ex_id DESC LIMIT 1";

    // A job's executions for the soft delete; ordered so that the row locks are taken in one order.
    private const string SelectJobExecutionsSql =
        $"SELECT doc FROM {ExecutionsTable} WHERE job_id = @job_id ORDER BY ex_id";

    // Insert or replace (the slicer writes its errors again after a restart); the same SQL on both databases.
    private const string UpsertSliceErrorSql =
        $"INSERT INTO {SliceErrorsTable} (ex_id, slice_id, doc, slicer_order, created, updated) " +
        "VALUES (@ex_id, @slice_id, @doc, @slicer_order, @created, @updated) " +
        "ON CONFLICT (ex_id, slice_id) DO UPDATE SET doc = excluded.doc, slicer_order = excluded.slicer_order, " +
        "created = excluded.created, updated = excluded.updated";

    private readonly SqlDialect _dialect;
    private readonly ILogger _logger;
    private readonly string _latestExecutionsSql;

    private SqlStateStore(SqlDialect dialect, ILogger logger)
    {
        _dialect = dialect;
        _logger = logger;
        // The window numbers executions per job over the (job_id, created, ex_id) index; only the
        // winners' documents are read.
        _latestExecutionsSql =
            $"SELECT e.job_id, e.doc FROM {ExecutionsTable} e JOIN (" +
            "SELECT ex_id, ROW_NUMBER() OVER (PARTITION BY job_id ORDER BY created DESC, ex_id DESC) AS rn " +
            $"FROM {ExecutionsTable} WHERE {dialect.InList("job_id", "@job_ids")}" +
            ") latest ON latest.ex_id = e.ex_id WHERE latest.rn = 1";
    }

    /// <summary>Creates a store; call <see cref="InitializeAsync"/> before anything else.</summary>
    /// <param name="provider">The database kind.</param>
    /// <param name="connectionString">
    /// Microsoft.Data.Sqlite (e.g. <c>Data Source=/data/teraslice.db</c>; the file and its folder are
    /// created when missing) or Npgsql (e.g. <c>Host=...;Username=...;Database=...</c>).
    /// </param>
    /// <param name="logger">Receives the start-up line; optional.</param>
    public static SqlStateStore Create(StorageProvider provider, string connectionString, ILogger? logger = null) =>
        new(SqlDialect.Create(provider, connectionString), logger ?? NullLogger.Instance);

    public StorageProvider Provider => _dialect.Provider;

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var details = await _dialect.PrepareDatabaseAsync(ct);

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await _dialect.LockSchemaAsync(connection, transaction, ct);
        foreach (var statement in SchemaStatements(_dialect))
        {
            await using var command = Command(connection, statement, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);

        LogInitialized(_logger, _dialect.Provider, _dialect.Database, details);
    }

    // ---- jobs -----------------------------------------------------------------------------------

    public async Task InsertJobAsync(JsonObject job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, InsertJobSql);
        var id = BindJob(command, job);
        await ExecuteInsertAsync(command, "job", id, ct);
    }

    public async Task ReplaceJobAsync(JsonObject job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, UpdateJobSql);
        var id = BindJob(command, job);
        if (await command.ExecuteNonQueryAsync(ct) == 0)
            throw new KeyNotFoundException($"job {id} does not exist");
    }

    public Task<JsonObject?> GetJobAsync(string jobId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return GetOneAsync(GetJobSql, "@id", jobId, ct);
    }

    public async Task<IReadOnlyList<JsonObject>> ListJobsAsync(ListQuery query, bool? active, CancellationToken ct = default)
    {
        var orderBy = OrderBy(query, JobSortColumns, JobKey, "jobs");
        var activeFilter = active is null ? "" : " AND active = @active";
        var sql = $"SELECT doc FROM {JobsTable} WHERE deleted = @deleted{activeFilter} ORDER BY {orderBy} LIMIT @size OFFSET @from";

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql);
        BindPage(command, query);
        Add(command, "@deleted", query.Deleted, DbType.Boolean);
        if (active is { } a)
            Add(command, "@active", a, DbType.Boolean);
        return await ReadDocumentsAsync(command, ct);
    }

    public Task<JsonObject?> PatchJobAsync(string jobId, JsonObject patch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(patch);
        StateDocuments.EnsurePatchKeepsId(patch, "job_id", jobId);
        return PatchAsync(GetJobSql, UpdateJobSql, jobId, patch, (command, doc) => BindJob(command, doc), ct);
    }

    public async Task<JsonObject?> SoftDeleteJobAsync(string jobId, string deletedOn, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(deletedOn);
        if (!StateDocuments.IsTimestamp(deletedOn))
            throw new ArgumentException(
                $"deletedOn must be an ISO-8601 UTC timestamp such as \"2024-01-01T00:00:00.000Z\", got \"{deletedOn}\"", nameof(deletedOn));

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);

        // The job row first, then its executions by ex_id. No other writer holds an execution row
        // while it waits for a job row (patches lock one row each), so this order cannot deadlock.
        var stored = await SelectDocumentsAsync(connection, transaction, GetJobSql + _dialect.ForUpdate, "@id", jobId, ct);
        if (stored.Count == 0)
            return null; // disposing the transaction rolls it back

        var job = StateDocuments.Merge(stored[0], new JsonObject
        {
            ["_deleted"] = true, ["_deleted_on"] = deletedOn, ["active"] = false, ["_updated"] = deletedOn,
        });
        await using (var update = Command(connection, UpdateJobSql, transaction))
        {
            BindJob(update, job);
            await update.ExecuteNonQueryAsync(ct);
        }

        // Read them all before writing: a connection runs one command at a time.
        var executions = await SelectDocumentsAsync(
            connection, transaction, SelectJobExecutionsSql + _dialect.ForUpdate, "@job_id", jobId, ct);
        foreach (var stale in executions)
        {
            var ex = StateDocuments.Merge(stale, new JsonObject
            {
                ["_deleted"] = true, ["_deleted_on"] = deletedOn, ["_updated"] = deletedOn,
            });
            await using var update = Command(connection, UpdateExecutionSql, transaction);
            BindExecution(update, ex);
            await update.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return job;
    }

    // ---- executions -----------------------------------------------------------------------------

    public async Task InsertExecutionAsync(JsonObject ex, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ex);
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, InsertExecutionSql);
        var id = BindExecution(command, ex);
        await ExecuteInsertAsync(command, "execution", id, ct);
    }

    public Task<JsonObject?> GetExecutionAsync(string exId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(exId);
        return GetOneAsync(GetExecutionSql, "@id", exId, ct);
    }

    public Task<JsonObject?> GetLatestExecutionAsync(string jobId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return GetOneAsync(GetLatestExecutionSql, "@job_id", jobId, ct);
    }

    public async Task<IReadOnlyDictionary<string, JsonObject>> GetLatestExecutionsAsync(
        IReadOnlyCollection<string> jobIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var latest = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (jobIds.Count == 0)
            return latest;

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, _latestExecutionsSql);
        Add(command, "@job_ids", _dialect.ListValue(jobIds), dbType: null);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            latest[reader.GetString(0)] = StateDocuments.Parse(reader.GetString(1));
        return latest;
    }

    public async Task<IReadOnlyList<JsonObject>> ListExecutionsAsync(
        ListQuery query, IReadOnlyCollection<string>? statuses, string? jobId, CancellationToken ct = default)
    {
        var orderBy = OrderBy(query, ExecutionSortColumns, ExecutionKey, "executions");
        if (statuses is { Count: 0 })
            return [];

        var statusFilter = statuses is null ? "" : " AND " + _dialect.InList("status", "@statuses");
        var jobFilter = jobId is null ? "" : " AND job_id = @job_id";
        var sql = $"SELECT doc FROM {ExecutionsTable} WHERE deleted = @deleted{statusFilter}{jobFilter} " +
                  $"ORDER BY {orderBy} LIMIT @size OFFSET @from";

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql);
        BindPage(command, query);
        Add(command, "@deleted", query.Deleted, DbType.Boolean);
        if (statuses is not null)
            Add(command, "@statuses", _dialect.ListValue(statuses), dbType: null);
        if (jobId is not null)
            Add(command, "@job_id", jobId, DbType.String);
        return await ReadDocumentsAsync(command, ct);
    }

    public Task<JsonObject?> PatchExecutionAsync(string exId, JsonObject patch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(exId);
        ArgumentNullException.ThrowIfNull(patch);
        StateDocuments.EnsurePatchKeepsId(patch, "ex_id", exId);
        return PatchAsync(GetExecutionSql, UpdateExecutionSql, exId, patch, (command, doc) => BindExecution(command, doc), ct);
    }

    // ---- slice errors -------------------------------------------------------------------------

    public async Task UpsertSliceErrorsAsync(IReadOnlyCollection<JsonObject> errors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        // Every document is checked before anything is written. Rows are written in key order so that
        // two batches sharing slices lock them in the same order; the sort is stable, so when a batch
        // holds a slice twice, the later document still wins.
        var rows = errors
            .Select(error => error is null
                ? throw new ArgumentException("a slice error document is null", nameof(errors))
                : (Columns: StateDocuments.SliceErrorColumnsOf(error), Text: StateDocuments.ToText(error)))
            .OrderBy(row => row.Columns.ExId, StringComparer.Ordinal)
            .ThenBy(row => row.Columns.SliceId, StringComparer.Ordinal)
            .ToList();
        if (rows.Count == 0)
            return;

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await using (var command = Command(connection, UpsertSliceErrorSql, transaction))
        {
            var exId = Add(command, "@ex_id", null, DbType.String);
            var sliceId = Add(command, "@slice_id", null, DbType.String);
            var doc = Add(command, "@doc", null, DbType.String);
            var slicerOrder = Add(command, "@slicer_order", null, DbType.Int64);
            var created = Add(command, "@created", null, DbType.Int64);
            var updated = Add(command, "@updated", null, DbType.Int64);
            foreach (var (columns, text) in rows)
            {
                exId.Value = columns.ExId;
                sliceId.Value = columns.SliceId;
                doc.Value = text;
                slicerOrder.Value = columns.SlicerOrder;
                created.Value = columns.Created;
                updated.Value = columns.Updated;
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<JsonObject>> ListSliceErrorsAsync(ListQuery query, string? exId, CancellationToken ct = default)
    {
        var orderBy = OrderBy(query, SliceErrorSortColumns, SliceErrorKey, "slice errors");
        var exFilter = exId is null ? "" : " WHERE ex_id = @ex_id";
        var sql = $"SELECT doc FROM {SliceErrorsTable}{exFilter} ORDER BY {orderBy} LIMIT @size OFFSET @from";

        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql);
        BindPage(command, query); // query.Deleted does not apply to slice errors
        if (exId is not null)
            Add(command, "@ex_id", exId, DbType.String);
        return await ReadDocumentsAsync(command, ct);
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    public void Dispose() => _dialect.DisposeAsync().AsTask().GetAwaiter().GetResult();

    // ---- shared -------------------------------------------------------------------------------

    private static IEnumerable<string> SchemaStatements(SqlDialect d) =>
    [
        $"CREATE TABLE IF NOT EXISTS {JobsTable} (" +
        $"job_id {d.KeyType} NOT NULL PRIMARY KEY, doc {d.DocumentType} NOT NULL, name {d.KeyType} NULL, " +
        $"active {d.BooleanType} NOT NULL, deleted {d.BooleanType} NOT NULL, " +
        $"created {d.TimestampType} NOT NULL, updated {d.TimestampType} NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS ix_{JobsTable}_created ON {JobsTable} (created)",
        $"CREATE INDEX IF NOT EXISTS ix_{JobsTable}_updated ON {JobsTable} (updated)",

        $"CREATE TABLE IF NOT EXISTS {ExecutionsTable} (" +
        $"ex_id {d.KeyType} NOT NULL PRIMARY KEY, job_id {d.KeyType} NOT NULL, doc {d.DocumentType} NOT NULL, " +
        $"name {d.KeyType} NULL, status {d.KeyType} NULL, deleted {d.BooleanType} NOT NULL, " +
        $"created {d.TimestampType} NOT NULL, updated {d.TimestampType} NOT NULL)",
        // Covers the latest-execution lookups (ex_id is the tie-break) and the jobId filter.
        $"CREATE INDEX IF NOT EXISTS ix_{ExecutionsTable}_job_created ON {ExecutionsTable} (job_id, created, ex_id)",
        $"CREATE INDEX IF NOT EXISTS ix_{ExecutionsTable}_status ON {ExecutionsTable} (status)",
        $"CREATE INDEX IF NOT EXISTS ix_{ExecutionsTable}_created ON {ExecutionsTable} (created)",
        $"CREATE INDEX IF NOT EXISTS ix_{ExecutionsTable}_updated ON {ExecutionsTable} (updated)",

        $"CREATE TABLE IF NOT EXISTS {SliceErrorsTable} (" +
        $"ex_id {d.KeyType} NOT NULL, slice_id {d.KeyType} NOT NULL, doc {d.DocumentType} NOT NULL, " +
        $"slicer_order {d.IntegerType} NOT NULL, created {d.TimestampType} NOT NULL, updated {d.TimestampType} NOT NULL, " +
        "PRIMARY KEY (ex_id, slice_id))",
        // One execution's errors (/jobs/{id}/errors, /ex/{id}/errors) come in each sort order from an
        // index, the primary key serving slice_id and ex_id. All executions' errors (/ex/errors) by
        // _created and _updated come from the single-column indexes, ties sorted after (PostgreSQL:
        // incremental sort; SQLite: "temp b-tree for right part of ORDER BY"); the primary key serves
        // ex_id. Not (created, ex_id, slice_id): PostgreSQL then costs a scan of the whole index with
        // ex_id as a non-leading condition the same as the per-execution index, and may pick it.
        // Sorting all executions' errors by slicer_order or slice_id, which only mean something within
        // one execution, sorts without an index.
        $"CREATE INDEX IF NOT EXISTS ix_{SliceErrorsTable}_ex_created ON {SliceErrorsTable} (ex_id, created, slice_id)",
        $"CREATE INDEX IF NOT EXISTS ix_{SliceErrorsTable}_ex_updated ON {SliceErrorsTable} (ex_id, updated, slice_id)",
        $"CREATE INDEX IF NOT EXISTS ix_{SliceErrorsTable}_ex_order ON {SliceErrorsTable} (ex_id, slicer_order, slice_id)",
        $"CREATE INDEX IF NOT EXISTS ix_{SliceErrorsTable}_created ON {SliceErrorsTable} (created)",
        $"CREATE INDEX IF NOT EXISTS ix_{SliceErrorsTable}_updated ON {SliceErrorsTable} (updated)",
        .. AssetSchemaStatements(d),
        .. EventSchemaStatements(d),
    ];

    /// <summary>ORDER BY text from the fixed column map; nulls sort as the smallest value on both databases.</summary>
    private static string OrderBy(ListQuery query, Dictionary<string, SortColumn> columns, string[] keyColumns, string what)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.From, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Size, 1, nameof(query));
        if (query.SortField is null || !columns.TryGetValue(query.SortField, out var column))
            throw new ArgumentException(
                $"{what} cannot be sorted by \"{query.SortField}\"; sortable fields: {string.Join(", ", columns.Keys)}", nameof(query));

        var direction = query.SortDescending ? "DESC" : "ASC";
        var nulls = !column.Nullable ? "" : query.SortDescending ? " NULLS LAST" : " NULLS FIRST";
        var tieBreak = string.Concat(keyColumns.Where(key => key != column.Name).Select(key => $", {key} {direction}"));
        return $"{column.Name} {direction}{nulls}{tieBreak}";
    }

    private async Task<JsonObject?> PatchAsync(
        string selectSql, string updateSql, string id, JsonObject patch, Func<DbCommand, JsonObject, string> bind, CancellationToken ct)
    {
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);

        var stored = await SelectDocumentsAsync(connection, transaction, selectSql + _dialect.ForUpdate, "@id", id, ct);
        if (stored.Count == 0)
            return null; // disposing the transaction rolls it back

        var merged = StateDocuments.Merge(stored[0], patch);
        await using (var update = Command(connection, updateSql, transaction))
        {
            bind(update, merged);
            await update.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return merged; // parsed from the stored text: nobody else holds it
    }

    /// <summary>The documents a SELECT of one column returns, read to the end inside the transaction.</summary>
    private static async Task<List<JsonObject>> SelectDocumentsAsync(
        DbConnection connection, DbTransaction transaction, string sql, string parameter, string value, CancellationToken ct)
    {
        await using var select = Command(connection, sql, transaction);
        Add(select, parameter, value, DbType.String);
        var documents = new List<JsonObject>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            documents.Add(StateDocuments.Parse(reader.GetString(0)));
        return documents;
    }

    private async Task<JsonObject?> GetOneAsync(string sql, string parameter, string value, CancellationToken ct)
    {
        await using var connection = await _dialect.OpenConnectionAsync(ct);
        await using var command = Command(connection, sql);
        Add(command, parameter, value, DbType.String);
        return await command.ExecuteScalarAsync(ct) is string text ? StateDocuments.Parse(text) : null;
    }

    private async Task ExecuteInsertAsync(DbCommand command, string what, string id, CancellationToken ct)
    {
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            throw new InvalidOperationException($"{what} {id} already exists", e);
        }
    }

    private static async Task<IReadOnlyList<JsonObject>> ReadDocumentsAsync(DbCommand command, CancellationToken ct)
    {
        var documents = new List<JsonObject>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            documents.Add(StateDocuments.Parse(reader.GetString(0)));
        return documents;
    }

    /// <summary>Binds @id, @doc and the job columns; returns the job_id.</summary>
    private static string BindJob(DbCommand command, JsonObject job)
    {
        var columns = StateDocuments.JobColumnsOf(job);
        Add(command, "@id", columns.JobId, DbType.String);
        Add(command, "@doc", StateDocuments.ToText(job), DbType.String);
        Add(command, "@name", columns.Name, DbType.String);
        Add(command, "@active", columns.Active, DbType.Boolean);
        Add(command, "@deleted", columns.Deleted, DbType.Boolean);
        Add(command, "@created", columns.Created, DbType.Int64);
        Add(command, "@updated", columns.Updated, DbType.Int64);
        return columns.JobId;
    }

    /// <summary>Binds @id, @doc and the execution columns; returns the ex_id.</summary>
    private static string BindExecution(DbCommand command, JsonObject ex)
    {
        var columns = StateDocuments.ExecutionColumnsOf(ex);
        Add(command, "@id", columns.ExId, DbType.String);
        Add(command, "@job_id", columns.JobId, DbType.String);
        Add(command, "@doc", StateDocuments.ToText(ex), DbType.String);
        Add(command, "@name", columns.Name, DbType.String);
        Add(command, "@status", columns.Status, DbType.String);
        Add(command, "@deleted", columns.Deleted, DbType.Boolean);
        Add(command, "@created", columns.Created, DbType.Int64);
        Add(command, "@updated", columns.Updated, DbType.Int64);
        return columns.ExId;
    }

    private static void BindPage(DbCommand command, ListQuery query)
    {
        Add(command, "@size", query.Size, DbType.Int32);
        Add(command, "@from", query.From, DbType.Int32);
    }

    private static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object? value, DbType? dbType)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (dbType is { } type)
            parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "State store ready: {Provider} at {Database}, tables ts_jobs, ts_executions, ts_slice_errors and ts_assets {Details}")]
    private static partial void LogInitialized(ILogger logger, StorageProvider provider, string database, string details);

    private sealed record SortColumn(string Name, bool Nullable);
}
