namespace Teraslice.Akka.Integration.Support;

/// <summary>All integration specs: one collection, so they run one at a time and share <see cref="SharedNode"/>.</summary>
[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<SharedNode>
{
    public const string Name = "integration";
}

/// <summary>
/// Base of the specs: starts nodes the test owns (and kills them at the end, whatever happened)
/// and, when a spec fails, writes the last lines of every node it used into the test's output.
/// </summary>
[Collection(IntegrationCollection.Name)]
public abstract class NodeSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<NodeProcess> _owned = [];
    private readonly List<NodeProcess> _used = [];
    private readonly List<NodeDatabase> _databases = [];

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>A fresh node for this test alone.</summary>
    protected async Task<NodeProcess> StartNodeAsync(int workers = 2)
    {
        var node = await NodeProcess.StartAsync(workers);
        _owned.Add(node);
        _used.Add(node);
        return node;
    }

    /// <summary>A fresh node for this test alone on <paramref name="storage"/> (its database is removed with the test).</summary>
    protected async Task<NodeProcess> StartNodeAsync(Storage storage, int workers = 2)
    {
        var database = await OwnAsync(storage);
        var node = Own(NodeProcess.Create(workers, database.NodeArguments));
        await node.StartFirstAsync();
        await database.ShouldBeUsedByAsync(node);
        return node;
    }

    /// <summary>A database of its own for this test on <paramref name="storage"/>, removed after the test (after its nodes).</summary>
    protected async Task<NodeDatabase> OwnAsync(Storage storage)
    {
        var database = await NodeDatabase.CreateAsync(storage);
        _databases.Add(database);
        return database;
    }

    /// <summary>A node created by the test (<see cref="NodeProcess.Create"/>), killed and removed at the end as the others.</summary>
    protected NodeProcess Own(NodeProcess node)
    {
        _owned.Add(node);
        _used.Add(node);
        return node;
    }

    /// <summary>A node this test uses but does not own (its log is still dumped on failure).</summary>
    protected NodeProcess Use(NodeProcess node)
    {
        _used.Add(node);
        return node;
    }

    /// <summary>Runs the spec's body; on failure dumps the nodes' output, then fails as the body did.</summary>
    protected async Task WithNodeLogsOnFailure(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            foreach (var node in _used) node.DumpLog(Output);
            throw;
        }
    }

    /// <summary>
    /// Runs the spec's body on a node shared with other specs, then stops whatever execution the
    /// body left living (a failed spec too), so the next spec finds the node idle. On failure the
    /// nodes' output is dumped as in <see cref="WithNodeLogsOnFailure"/>.
    /// </summary>
    protected Task LeavingIdle(NodeProcess node, Func<Task> body) => WithNodeLogsOnFailure(async () =>
    {
        Use(node);
        Exception? failure = null;
        try
        {
            await body();
        }
        catch (Exception e)
        {
            failure = e;
        }
        try
        {
            var leftovers = await node.Api.StopEverythingLivingAsync();
            if (failure is null && leftovers.Count > 0)
                Output.WriteLine($"[test] stopped {leftovers.Count} execution(s) the spec left living: {string.Join(", ", leftovers)}");
        }
        catch (Exception cleanup) when (failure is not null)
        {
            Output.WriteLine($"[test] could not stop the executions the failed spec left living: {cleanup.Message}");
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    });

    /// <summary><see cref="LeavingIdle(NodeProcess, Func{Task})"/> on a shared node (started on first use).</summary>
    protected async Task LeavingIdle(SharedNode shared, Func<NodeProcess, Task> body)
    {
        var node = await shared.GetAsync();
        await LeavingIdle(node, () => body(node));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _owned) await node.DisposeAsync();
        foreach (var database in _databases) await database.DisposeAsync();
    }
}

/// <summary>
/// One node shared by the specs that only need a node to talk to (a start costs seconds), with 8
/// worker slots as each node of upstream's e2e cluster, so that several jobs can run at once and
/// workers can be added. Started on first use; each spec leaves it idle (its executions completed
/// or stopped).
/// </summary>
public sealed class SharedNode : IAsyncLifetime
{
    public const int Workers = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeProcess? _node;

    public async Task<NodeProcess> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _node ??= await NodeProcess.StartAsync(Workers);
            if (!_node.IsRunning)
                throw new InvalidOperationException($"the shared node has died; its last lines:\n{_node.TailText(100)}");
            return _node;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        _gate.Dispose();
    }
}
