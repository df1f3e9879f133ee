using System.Text.Json.Nodes;
using Akka.Actor;
using Teraslice.Akka.Master.Executions;

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
}
