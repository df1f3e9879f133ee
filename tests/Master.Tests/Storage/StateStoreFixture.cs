using Teraslice.Akka.Master.Storage;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>One database per test class: created before its first test, removed after its last.</summary>
public abstract class StateStoreFixture : IAsyncLifetime
{
    private SqlStateStore? _store;

    /// <summary>False when the database is not configured (its tests are skipped).</summary>
    public abstract bool Available { get; }

    public abstract StorageProvider Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>The initialised store shared by the class's tests.</summary>
    public SqlStateStore Store => _store ?? throw new InvalidOperationException("the store fixture is not initialised");

    /// <summary>Another store on the same database (not initialised; dispose it).</summary>
    public SqlStateStore CreateStore() => SqlStateStore.Create(Provider, ConnectionString);

    /// <summary>Creates another, empty database (removed with the fixture) and returns its connection string.</summary>
    public abstract Task<string> CreateEmptyDatabaseAsync();

    /// <summary>Empties the tables so that each test starts from nothing.</summary>
    public Task ResetAsync() => ExecuteAsync("DELETE FROM ts_jobs; DELETE FROM ts_executions; DELETE FROM ts_slice_errors; DELETE FROM ts_events;");

    /// <summary>Runs raw SQL on a connection of the test's own, outside the store.</summary>
    public abstract Task<object?> ExecuteAsync(string sql);

    public async Task InitializeAsync()
    {
        if (!Available)
            return;
        await CreateDatabaseAsync();
        _store = CreateStore();
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
        if (Available)
            await DropDatabaseAsync();
    }

    protected abstract Task CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();
}
