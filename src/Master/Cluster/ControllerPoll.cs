using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>Asks execution controllers for their stats items, all at once.</summary>
internal static class ControllerPoll
{
    /// <summary>
    /// The stats item of each controller that answers within <paramref name="timeout"/>; one that
    /// ended meanwhile, or is busy, is left out.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> StatsAsync(IEnumerable<IActorRef> controllers, TimeSpan timeout)
    {
        var answers = await Task.WhenAll(controllers.Select(async controller =>
        {
            try
            {
                return (await controller.Ask<ControllerStats>(GetStats.Instance, timeout)).Item;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return null;
            }
        }));
        return answers.OfType<JsonObject>().ToList();
    }

    /// <summary>GET /cluster/controllers, /jobs/{id}/controller, /ex/{id}/controller over a copy of the master's controllers.</summary>
    public static async Task<object> ControllersAsync(GetControllers get, IReadOnlyDictionary<string, IActorRef> controllers, IStateStore store, TimeSpan timeout)
    {
        var exId = get.ExId;
        if (get.JobId is not null)
        {
            var (latest, problem) = await ExecutionLookup.ResolveAsync(store, get.JobId, null);
            if (problem is not null) return problem;
            exId = latest!.ExId;
        }
        IEnumerable<IActorRef> targets = controllers.Values;
        if (exId is not null)
        {
            if (!controllers.TryGetValue(exId, out var one)) return Rejections.NoActiveSlicer(exId);
            targets = [one];
        }
        var items = await StatsAsync(targets, timeout);
        return JsonReplies.Array(items.OrderBy(i => i.Str("name"), StringComparer.Ordinal));
    }

    /// <summary>GET /cluster/stats: the ended executions' totals (a copy) plus the living ones' current counters.</summary>
    public static async Task<object> ClusterStatsAsync(IReadOnlyList<IActorRef> controllers, ClusterTotals totals, TimeSpan timeout)
    {
        foreach (var item in await StatsAsync(controllers, timeout)) totals.Add(item, living: true);
        var counters = totals.ToJson();
        return JsonReplies.Of(new JsonObject { ["controllers"] = counters, ["slicer"] = counters.DeepClone() });
    }
}
