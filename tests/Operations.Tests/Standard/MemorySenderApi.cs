using System.Collections.Concurrent;
using Teraslice.Akka.Operations;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed record MemorySenderApiConfig : ApiConfig
{
    /// <summary>Destinations whose sends fail.</summary>
    public List<string> FailDestinations { get; init; } = [];

    /// <summary>How long each send takes (to observe concurrency).</summary>
    public int SendMs { get; init; }
}

/// <summary>A sender API that keeps what it is sent, per destination.</summary>
public sealed class MemorySenderApi : OperationApi<MemorySenderApiConfig>, ISenderApi
{
    public ConcurrentDictionary<string, MemorySender> Senders { get; } = new();

    public int SendersCreated;

    public ValueTask<IRouteSender> GetSenderAsync(string destination, CancellationToken ct) =>
        ValueTask.FromResult<IRouteSender>(Senders.GetOrAdd(destination, d =>
        {
            Interlocked.Increment(ref SendersCreated);
            return new MemorySender(d, Config.FailDestinations.Contains(d), Config.SendMs);
        }));

    /// <summary>Every batch sent to a destination.</summary>
    public List<List<DataEntity>> Batches(string destination) =>
        Senders.TryGetValue(destination, out var sender) ? sender.Batches : [];
}

public sealed class MemorySender(string destination, bool fails, int sendMs) : IRouteSender
{
    private int _inFlight;

    public string Destination { get; } = destination;
    public List<List<DataEntity>> Batches { get; } = [];
    public int MaxInFlight;

    public async Task SendAsync(IReadOnlyList<DataEntity> records, CancellationToken ct)
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (Batches) MaxInFlight = Math.Max(MaxInFlight, now);
        try
        {
            if (sendMs > 0) await Task.Delay(sendMs, ct);
            if (fails) throw new IOException($"{Destination} is down");
            lock (Batches) Batches.Add([.. records]);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

public sealed class MemorySenderApiDefinition : ApiDefinition<MemorySenderApiConfig, MemorySenderApi>
{
    public override string Name => "memory_sender_api";
}
