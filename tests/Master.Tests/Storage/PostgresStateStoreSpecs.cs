using Npgsql;
using Teraslice.Akka.Master.Storage;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>
/// A schema of its own per test class in the database named by TERASLICE_TEST_PG (dropped afterwards),
/// so parallel runs and leftovers never meet.
/// </summary>
public sealed class PostgresStoreFixture : StateStoreFixture
{
    public const string Variable = "TERASLICE_TEST_PG";

    private readonly string? _server = Environment.GetEnvironmentVariable(Variable);
    private readonly string _schema = NewSchemaName();
    private readonly List<string> _extraSchemas = [];

    public override bool Available => !string.IsNullOrWhiteSpace(_server);
    public override StorageProvider Provider => StorageProvider.Postgres;
    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;

    public override async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async Task<string> CreateEmptyDatabaseAsync()
    {
        var schema = NewSchemaName();
        _extraSchemas.Add(schema);
        await ExecuteAsync($"CREATE SCHEMA \"{schema}\"");
        return new NpgsqlConnectionStringBuilder(_server) { SearchPath = schema }.ConnectionString;
    }

    // Schema names are ours (a GUID), never user input.
    protected override Task CreateDatabaseAsync() => ExecuteAsync($"CREATE SCHEMA \"{_schema}\"");

    protected override async Task DropDatabaseAsync()
    {
        foreach (var schema in _extraSchemas.Append(_schema))
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        NpgsqlConnection.ClearAllPools();
    }

    private static string NewSchemaName() => $"ts_specs_{Guid.NewGuid():N}";
}

[RequiresEnvironmentVariable(PostgresStoreFixture.Variable,
    "set it to a PostgreSQL connection string to run these tests, e.g. eval \"$(scripts/pg-test-server.sh start)\"")]
public sealed class PostgresStateStoreSpecs(PostgresStoreFixture fixture) : StateStoreSpecs(fixture), IClassFixture<PostgresStoreFixture>
{
    [StoreTheory]
    [InlineData("ts_jobs")]
    [InlineData("ts_executions")]
    [InlineData("ts_slice_errors")]
    public async Task Initialize_should_store_documents_as_text_not_jsonb(string table)
    {
        // jsonb would reorder the keys of every document. The table name is one of ours, not input.
        var type = await Fixture.ExecuteAsync(
            "SELECT data_type FROM information_schema.columns " +
            $"WHERE table_schema = current_schema() AND table_name = '{table}' AND column_name = 'doc'");

        Assert.Equal("text", type);
    }
}
