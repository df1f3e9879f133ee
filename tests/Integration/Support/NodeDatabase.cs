using Microsoft.Data.Sqlite;
using Npgsql;
using Teraslice.Akka.Master.Storage;
using Xunit.Sdk;

namespace Teraslice.Akka.Integration.Support;

/// <summary>The databases a node can run on (its <c>--storage</c> flag).</summary>
public enum Storage
{
    /// <summary>The embedded SQLite file in the node's data dir (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL: a database of the test's own on the server named by <see cref="NodeDatabase.PostgresVariable"/>.</summary>
    Postgres,
}

/// <summary>
/// The database of one test's node(s). SQLite: the node's own file in its data dir, nothing to do.
/// PostgreSQL: a database of its own (<c>CREATE DATABASE</c> on the server of
/// <see cref="PostgresVariable"/>), so journals, executions and leftovers of other tests never meet;
/// dropped on dispose, after the test's nodes are gone.
/// </summary>
public sealed class NodeDatabase : IAsyncDisposable
{
    /// <summary>The Npgsql connection string of a PostgreSQL server the tests may create databases on (scripts/test.sh sets it).</summary>
    public const string PostgresVariable = "TERASLICE_TEST_PG";

    public const string PostgresSkipReason =
        $"{PostgresVariable} is not set: set it to a PostgreSQL connection string to run the PostgreSQL variants, e.g. eval \"$(scripts/pg-test-server.sh start)\"";

    private readonly string? _server;
    private readonly string? _database;

    private NodeDatabase(Storage kind, string? server, string? database)
    {
        Kind = kind;
        _server = server;
        _database = database;
    }

    public Storage Kind { get; }

    public StorageProvider Provider => Kind == Storage.Sqlite ? StorageProvider.Sqlite : StorageProvider.Postgres;

    public static bool PostgresAvailable => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    /// <summary>The node's flags for this database (none for SQLite: the default file in its data dir).</summary>
    public IReadOnlyList<string> NodeArguments => Kind == Storage.Sqlite
        ? []
        : ["--storage", "postgres", "--connection-string", PostgresConnectionString];

    /// <summary>The connection string the node uses (SQLite: its file in <paramref name="node"/>'s data dir, as the node computes it).</summary>
    public string ConnectionString(NodeProcess node) => Kind == Storage.Sqlite
        ? $"Data Source={Path.Combine(Path.GetFullPath(node.DataDir), "teraslice.db")}"
        : PostgresConnectionString;

    private string PostgresConnectionString =>
        new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    /// <summary>A new database of <paramref name="kind"/>; fails (does not skip) when PostgreSQL is asked for and not configured.</summary>
    public static async Task<NodeDatabase> CreateAsync(Storage kind)
    {
        if (kind == Storage.Sqlite) return new NodeDatabase(kind, null, null);
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server)) throw new InvalidOperationException(PostgresSkipReason);
        // the name is ours (a GUID), never input
        var database = $"ts_it_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
        return new NodeDatabase(kind, server, database);
    }

    /// <summary>Asserts (bounded wait) that the node's state store said it is ready on this database, not on another.</summary>
    public async Task ShouldBeUsedByAsync(NodeProcess node)
    {
        var server = Kind == Storage.Sqlite ? null : new NpgsqlConnectionStringBuilder(_server);
        var expected = server is null
            ? $"State store ready: Sqlite at {Path.Combine(Path.GetFullPath(node.DataDir), "teraslice.db")}"
            : $"State store ready: Postgres at {server.Host}:{server.Port}/{_database}";
        await Eventually.UntilAsync(
            () => Task.FromResult(node.TailText(2000)),
            log => log.Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            _ => $"the node should have logged \"{expected}\"");
    }

    /// <summary>Closes this process's pooled connections to the database (a node started next must be its only user).</summary>
    public void ReleaseConnections()
    {
        if (Kind == Storage.Sqlite) SqliteConnection.ClearAllPools();
        else NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseConnections();
        if (_database is null) return;
        // FORCE: a node killed with -9 may leave sessions the server has not noticed yet
        await ExecuteAsync(_server!, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A test run once per <see cref="Storage"/>, the storage as its only argument. The PostgreSQL case is
/// skipped, with the reason, when <see cref="NodeDatabase.PostgresVariable"/> is not set.
/// </summary>
[XunitTestCaseDiscoverer("Teraslice.Akka.Integration.Support.StorageTheoryDiscoverer", "Teraslice.Akka.Integration")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StorageTheoryAttribute : FactAttribute;

public sealed class StorageTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var parameters = testMethod.Method.GetParameters().ToList();
        if (parameters.Count != 1 || parameters[0].ParameterType.ToRuntimeType() != typeof(Storage))
        {
            yield return new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod,
                $"[StorageTheory] needs exactly one parameter of type {nameof(Storage)}");
            yield break;
        }
        yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, [Storage.Sqlite]);
        if (NodeDatabase.PostgresAvailable)
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, [Storage.Postgres]);
        else
            yield return new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod,
                NodeDatabase.PostgresSkipReason, [Storage.Postgres]);
    }
}
