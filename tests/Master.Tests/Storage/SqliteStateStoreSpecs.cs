using System.Data;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Master.Storage;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>A temporary SQLite file (in a folder that does not exist yet) per test class.</summary>
public sealed class SqliteStoreFixture : StateStoreFixture
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"ts-store-specs-{Guid.NewGuid():N}");

    public string FilePath => Path.Combine(Folder, "teraslice.db");

    public override bool Available => true;
    public override StorageProvider Provider => StorageProvider.Sqlite;
    public override string ConnectionString => $"Data Source={FilePath}";

    public override async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public override Task<string> CreateEmptyDatabaseAsync() =>
        Task.FromResult($"Data Source={Path.Combine(Folder, $"empty-{Guid.NewGuid():N}", "teraslice.db")}");

    // The store creates the file and its folder.
    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class SqliteStateStoreSpecs(SqliteStoreFixture fixture) : StateStoreSpecs(fixture), IClassFixture<SqliteStoreFixture>
{
    private readonly SqliteStoreFixture _sqlite = fixture;

    [Fact]
    public void Initialize_should_create_the_database_file_and_its_folder()
    {
        // The fixture's folder did not exist before the store was initialised.
        Assert.True(File.Exists(_sqlite.FilePath));
    }

    [Fact]
    public async Task Initialize_should_switch_the_file_to_WAL()
    {
        // journal_mode=WAL is stored in the file: a plain new connection sees it.
        Assert.Equal("wal", await _sqlite.ExecuteAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Initialize_should_log_the_provider_and_database_with_named_values()
    {
        var logger = new CapturingLogger();
        await using var store = SqlStateStore.Create(StorageProvider.Sqlite, _sqlite.ConnectionString, logger);

        await store.InitializeAsync();

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(StorageProvider.Sqlite, entry.State["Provider"]);
        Assert.Equal(_sqlite.FilePath, entry.State["Database"]);
        Assert.Contains("journal_mode=wal", entry.Message);
    }

    [Fact]
    public async Task Store_should_wait_for_another_writer_instead_of_failing()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1"));

        // Another process (the Akka journal, say) holds the write lock for a moment.
        await using var other = new SqliteConnection(_sqlite.ConnectionString);
        await other.OpenAsync();
        await using var transaction = other.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        // Microsoft.Data.Sqlite blocks the calling thread while it waits, so wait on another one.
        var patch = Task.Run(() => Store.PatchExecutionAsync("ex-1", new JsonObject { ["_status"] = "running" }));
        await Task.Delay(200);
        Assert.False(patch.IsCompleted);
        await transaction.CommitAsync();

        Assert.NotNull(await patch.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
