using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Node.Hosting;
using Teraslice.Akka.Node.Workers;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka;

/// <summary>
/// A Teraslice.Akka node running in this process (its own host and ActorSystem): the node of a
/// <see cref="TerasliceEnvironment"/>, or a peer group started next to it. Its worker slots can be
/// added and removed while it runs. A node the cluster downs (its ActorSystem ends) does not take
/// the process with it: it starts again with a new ActorSystem and joins the cluster once more
/// (<see cref="Incarnation"/> counts), unless re-joining is turned off.
/// </summary>
public sealed class TerasliceNode : IAsyncDisposable
{
    private static readonly TimeSpan SlotTimeout = TimeSpan.FromSeconds(70);

    private readonly SemaphoreSlim _slotsGate = new(1, 1);
    private readonly Incarnations _incarnations;
    private volatile IHost _host;
    private IReadOnlyList<int> _slots;
    private volatile bool _stopped;

    private TerasliceNode(IHost host, TerasliceSettings settings, Uri? apiAddress, Incarnations incarnations)
    {
        _host = host;
        Settings = settings;
        ApiAddress = apiAddress;
        _incarnations = incarnations;
        _slots = Enumerable.Range(1, settings.IsWorker ? settings.Workers : 0).ToList();
        Client = new LocalTerasliceClient(() => _host.Services.GetRequiredService<IMasterClient>());
        WatchForDowning(host);
    }

    /// <summary>How to start the node again when the cluster downs it.</summary>
    /// <param name="Seeds">The addresses of the cluster's other nodes now, to join through (null: a downed node stays stopped).</param>
    internal sealed record Incarnations(Func<IReadOnlyList<string>>? Seeds, IReadOnlyCollection<OperationDefinition> Operations,
        Action<ILoggingBuilder>? Logging, TimeSpan StartTimeout);

    /// <summary>1, then one more each time the node started again after the cluster downed it.</summary>
    public int Incarnation { get; private set; } = 1;

    /// <summary>The node stopped: shut down, or downed with re-joining turned off.</summary>
    public bool IsStopped => _stopped;

    public string NodeId => Settings.NodeId;

    /// <summary>The node's client (in-process: no HTTP; it follows the node into a new incarnation).</summary>
    public ITerasliceClient Client { get; }

    /// <summary>The REST API's address, when the node serves it.</summary>
    public Uri? ApiAddress { get; }

    /// <summary>The node's worker slots now.</summary>
    public IReadOnlyList<TerasliceWorkerSlot> Slots => _slots.Select(n => new TerasliceWorkerSlot(NodeId, n)).ToList();

    /// <summary>The node's host (its services, for the curious).</summary>
    public IServiceProvider Services => _host.Services;

    internal TerasliceSettings Settings { get; }

    /// <summary>The node's Akka address, which other nodes join through.</summary>
    internal string Address => global::Akka.Cluster.Cluster.Get(_host.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();

    /// <summary>Adds <paramref name="count"/> worker slots; the cluster places workers on them as executions want more.</summary>
    public async Task<IReadOnlyList<TerasliceWorkerSlot>> StartPeersAsync(int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var added = await AskAgentAsync<SlotsAdded>(new AddSlots(count), ct);
        _slots = added.Slots;
        return added.Added.Select(n => new TerasliceWorkerSlot(NodeId, n)).ToList();
    }

    /// <summary>
    /// Removes one worker slot: its worker finishes the slice at hand and hands the rest back to the
    /// queue (nothing is lost); returns once the slot is empty.
    /// </summary>
    /// <exception cref="ArgumentException">The slot is not one of this node's.</exception>
    public async Task ShutdownPeerAsync(TerasliceWorkerSlot slot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (slot.NodeId != NodeId) throw new ArgumentException($"slot {slot.Number} is a slot of node {slot.NodeId}, not of {NodeId}", nameof(slot));
        var removed = await AskAgentAsync<SlotRemoved>(new RemoveSlot(slot.Number), ct);
        _slots = removed.Slots;
        if (!removed.Known) throw new ArgumentException($"node {NodeId} has no worker slot {slot.Number}", nameof(slot));
    }

    /// <summary>Leaves the cluster gracefully (workers finish their slice, the rest goes back to the queue) and stops the node.</summary>
    public async Task ShutdownAsync(CancellationToken ct = default)
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync(ct);
        _host.Dispose();
        _slotsGate.Dispose();
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync();

    private async Task<T> AskAgentAsync<T>(object message, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        if (!Settings.IsWorker) throw new InvalidOperationException($"node {NodeId} has no worker role, so no worker slots");
        await _slotsGate.WaitAsync(ct);
        try
        {
            var agent = await _host.Services.GetRequiredService<IRequiredActor<ActorKeys.NodeAgent>>().GetAsync(ct);
            return await agent.Ask<T>(message, SlotTimeout, ct);
        }
        finally
        {
            _slotsGate.Release();
        }
    }

    /// <summary>Starts a node with these settings and waits until the cluster master knows it.</summary>
    internal static async Task<TerasliceNode> StartAsync(TerasliceSettings settings, Incarnations incarnations, CancellationToken ct)
    {
        var (host, api) = await StartHostAsync(settings, incarnations, ct);
        return new TerasliceNode(host, settings, api, incarnations);
    }

    private void WatchForDowning(IHost host) =>
        host.Services.GetRequiredService<ActorSystem>().WhenTerminated.ContinueWith(_ => RejoinAsync(host), TaskScheduler.Default);

    /// <summary>The ActorSystem of <paramref name="downed"/> ended without a shutdown of ours: the cluster downed the node.</summary>
    private async Task RejoinAsync(IHost downed)
    {
        if (_stopped || !ReferenceEquals(downed, _host)) return;
        var log = downed.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Teraslice.Embedding");
        await StopQuietlyAsync(downed);
        if (_incarnations.Seeds is not { } seeds)
        {
            log.LogWarning("Node {NodeId} was downed by its cluster and stays stopped (re-joining is off)", NodeId);
            _stopped = true;
            return;
        }
        log.LogWarning("Node {NodeId} was downed by its cluster; it starts again and joins it once more", NodeId);
        for (var attempt = 1; !_stopped; attempt++)
        {
            var settings = Settings with { SeedNodes = [.. seeds()], Workers = _slots.Count };
            try
            {
                var (host, _) = await StartHostAsync(settings, _incarnations, CancellationToken.None);
                if (_stopped)
                {
                    await StopQuietlyAsync(host);
                    return;
                }
                _host = host;
                _slots = Enumerable.Range(1, settings.IsWorker ? settings.Workers : 0).ToList();
                Incarnation++;
                WatchForDowning(host);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                log.LogWarning(e, "Node {NodeId} could not join its cluster again (attempt {Attempt}); trying again", NodeId, attempt);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    private static async Task<(IHost Host, Uri? Api)> StartHostAsync(TerasliceSettings settings, Incarnations incarnations, CancellationToken ct)
    {
        var startTimeout = incarnations.StartTimeout;
        var host = TerasliceHost.Build(settings, null, incarnations.Operations, incarnations.Logging);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(startTimeout);
            await host.StartAsync(deadline.Token);
            var api = TerasliceHost.ApiAddresses(host).Select(a => new Uri(a)).FirstOrDefault();
            await WaitUntilKnownAsync(host.Services.GetRequiredService<IMasterClient>(), settings.IsWorker ? settings.NodeId : null, deadline.Token);
            return (host, api);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await StopQuietlyAsync(host);
            throw new TimeoutException($"node {settings.NodeId} did not start and join the cluster within {startTimeout}");
        }
        catch
        {
            await StopQuietlyAsync(host);
            throw;
        }
    }

    // the cluster master answers the cluster state, and lists this node once its agent reported
    // (a node without the worker role has no agent: the master answering is enough)
    private static async Task WaitUntilKnownAsync(IMasterClient master, string? nodeId, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await master.AskAsync(GetClusterState.Instance, TimeSpan.FromSeconds(5), ct) is JsonReply state
                    && (nodeId is null || (System.Text.Json.Nodes.JsonNode.Parse(state.Json)?.AsObject().ContainsKey(nodeId) ?? false)))
                    return;
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException && !ct.IsCancellationRequested)
            {
                // the singleton is still starting
            }
            await Task.Delay(100, ct);
        }
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stop.Token);
        }
        catch (Exception)
        {
            // it failed to start: what is left is disposed below
        }
        host.Dispose();
    }
}
