using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// <c>routed_sender</c>: sends each slice's records to destinations chosen by their
/// <c>standard:route</c> metadata. <c>routing</c> maps routes (a key may list several,
/// comma-separated) to destinations of the sender API named by <c>_api_name</c> (an entry of the
/// job's <c>apis</c> implementing <see cref="ISenderApi"/>). A record whose route is not listed
/// goes to the <c>"*"</c> destination if there is one; else, with <c>"**"</c>, to the <c>"**"</c>
/// destination, grouped by its own route (dynamic routing: the sender reads the route from the
/// records); else it is rejected (<c>_dead_letter_action</c>), as is a record without a route
/// under <c>"**"</c>. Records go out in batches of at most <c>size</c>, up to <c>concurrency</c>
/// batches in flight per destination, all destinations at once; the slice's records pass on unchanged.
/// </summary>
public sealed class RoutedSender : ProcessorDefinition<RoutedSenderConfig, RoutedSenderProcessor>
{
    public const string CatchAll = "*";
    public const string Dynamic = "**";

    public override string Name => "routed_sender";
    public override string Description => "Sends records to destinations chosen by their standard:route metadata";

    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        var c = (RoutedSenderConfig)config;
        if (string.IsNullOrWhiteSpace(c.ApiName))
            yield return "_api_name: is required (the _name of an entry of the job's apis that sends records)";
        if (c.Routing is null) yield break;
        var routes = RoutedSenderProcessor.Routes(c.Routing);
        if (routes.ContainsKey(CatchAll) && routes.ContainsKey(Dynamic)) yield return "routing: cannot specify \"*\" and \"**\"";
        if (routes.ContainsKey("")) yield return "routing: a key lists an empty route";
    }
}

public sealed record RoutedSenderConfig : OpConfig
{
    /// <summary>Route(s) → destination: <c>{"a,b": "conn1", "*": "other"}</c>.</summary>
    [Required(ErrorMessage = "is required (an object mapping standard:route values to destinations)")]
    [Routing]
    public Dictionary<string, string>? Routing { get; init; }

    /// <summary>The most records one send carries (default 10,000).</summary>
    [Positive]
    public int Size { get; init; } = 10_000;

    /// <summary>Sends in flight per destination (default 10).</summary>
    [Positive]
    public int Concurrency { get; init; } = 10;

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class RoutingAttribute() : ValidationAttribute("must have keys and non-empty destination values")
    {
        public override bool IsValid(object? value) =>
            value is null || value is Dictionary<string, string> routing && routing.Count > 0
            && routing.Values.All(v => !string.IsNullOrWhiteSpace(v));
    }
}

public sealed class RoutedSenderProcessor : BatchProcessor<RoutedSenderConfig>
{
    private Dictionary<string, string> _routes = null!;
    private bool _catchAll;
    private string? _dynamic;
    private ISenderApi _api = null!;
    private readonly Dictionary<string, IRouteSender> _senders = new(StringComparer.Ordinal);

    /// <summary>Each route of the routing keys (split on commas, trimmed) → its destination.</summary>
    internal static Dictionary<string, string> Routes(Dictionary<string, string> routing)
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keys, destination) in routing)
            foreach (var key in keys.Split(','))
                routes[key.Trim()] = destination;
        return routes;
    }

    public override async ValueTask InitializeAsync(CancellationToken ct)
    {
        _routes = Routes(Config.Routing!);
        _catchAll = _routes.ContainsKey(RoutedSender.CatchAll);
        _dynamic = _routes.GetValueOrDefault(RoutedSender.Dynamic);
        _api = Context.Apis.Get<ISenderApi>(Config.ApiName!);
        // the dynamic destination serves every slice: set it up first, as upstream does
        if (_dynamic is not null) await SenderAsync(_dynamic, ct);
    }

    public override async ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        if (data.Count == 0) return data;
        var groups = Group(data);
        if (groups.Count == 0) return data;

        var sends = new Task[groups.Count];
        var i = 0;
        foreach (var (_, group) in groups)
        {
            var sender = await SenderAsync(group.Destination, ct);
            sends[i++] = SendAsync(sender, group.Records, ct);
        }
        var all = Task.WhenAll(sends);
        try
        {
            await all;
        }
        catch when (all.Exception is { InnerExceptions.Count: > 1 } errors)
        {
            // every destination was tried; report them all, as upstream aggregates its errors
            throw new AggregateException($"routed_sender failed to send to {errors.InnerExceptions.Count} destinations", errors.InnerExceptions);
        }
        return data;
    }

    /// <summary>The records of each route (dynamic routes each have their own group), in slice order.</summary>
    private Dictionary<string, RouteGroup> Group(List<DataEntity> data)
    {
        var groups = new Dictionary<string, RouteGroup>(StringComparer.Ordinal);
        foreach (var record in data)
        {
            var route = RouteOf(record);
            string key, destination;
            if (route is not null && _routes.TryGetValue(route, out var listed))
            {
                (key, destination) = (route, listed);
            }
            else if (_catchAll)
            {
                (key, destination) = (RoutedSender.CatchAll, _routes[RoutedSender.CatchAll]);
            }
            else if (_dynamic is not null)
            {
                if (string.IsNullOrEmpty(route))
                {
                    RejectRecord(record, new InvalidOperationException("No data route was specified in record metadata"));
                    continue;
                }
                (key, destination) = (route, _dynamic);
            }
            else
            {
                RejectRecord(record, new InvalidOperationException(route is null
                    ? "No route was specified in record metadata"
                    : $"Invalid connection route: {route} was not found in routing"));
                continue;
            }
            if (!groups.TryGetValue(key, out var group)) groups.Add(key, group = new RouteGroup(destination));
            group.Records.Add(record);
        }
        return groups;
    }

    private static string? RouteOf(DataEntity record) => record.GetMetadata(RouteMetadata.Route) switch
    {
        null => null,
        string s => s,
        var other => JsValues.ToText(other),
    };

    private async ValueTask<IRouteSender> SenderAsync(string destination, CancellationToken ct)
    {
        if (_senders.TryGetValue(destination, out var sender)) return sender;
        Context.Logger.LogInformation("routed_sender: creating the sender for destination {Destination}", destination);
        sender = await _api.GetSenderAsync(destination, ct);
        _senders.Add(destination, sender);
        return sender;
    }

    /// <summary>Sends a group in batches of at most size, at most concurrency at a time; fails after trying them all.</summary>
    private async Task SendAsync(IRouteSender sender, List<DataEntity> records, CancellationToken ct)
    {
        var size = Config.Size;
        if (records.Count <= size)
        {
            await sender.SendAsync(records, ct);
            return;
        }
        var gate = new SemaphoreSlim(Config.Concurrency); // not disposed: batches still in flight on cancellation release it
        var batches = new List<Task>((records.Count + size - 1) / size);
        for (var start = 0; start < records.Count; start += size)
        {
            await gate.WaitAsync(ct);
            batches.Add(SendOneAsync(records.GetRange(start, Math.Min(size, records.Count - start))));
        }
        await Task.WhenAll(batches);

        async Task SendOneAsync(List<DataEntity> batch)
        {
            try
            {
                await sender.SendAsync(batch, ct);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private sealed class RouteGroup(string destination)
    {
        public string Destination { get; } = destination;
        public List<DataEntity> Records { get; } = [];
    }
}
