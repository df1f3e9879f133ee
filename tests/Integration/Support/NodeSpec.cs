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

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>A fresh node for this test alone.</summary>
    protected async Task<NodeProcess> StartNodeAsync(int workers = 2)
    {
        var node = await NodeProcess.StartAsync(workers);
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _owned) await node.DisposeAsync();
    }
}

/// <summary>
/// One node shared by the specs that only need a node to talk to (a start costs seconds). Started
/// on first use; each spec leaves it idle (its executions completed or stopped).
/// </summary>
public sealed class SharedNode : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeProcess? _node;

    public async Task<NodeProcess> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _node ??= await NodeProcess.StartAsync(workers: 2);
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
