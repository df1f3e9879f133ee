using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Cluster;

/// <summary><c>GET /</c> and the <c>/cluster</c> routes (stats: <see cref="ClusterStatsApi"/>, events: <see cref="ClusterEventsApi"/>).</summary>
internal static class ClusterApi
{
    public static void MapClusterApi(this IEndpointRouteBuilder routes)
    {
        // Answered by this node alone, so it works while the master is away.
        string? systemInfo = null;
        routes.MapGet("/", ApiRoute.Handle(request =>
            Task.FromResult<object>(new JsonReply(systemInfo ??= SystemInfo.Json(request.Options)))));

        routes.MapGet("/cluster/state", ApiRoute.Handle(request => request.AskAsync(GetClusterState.Instance)));

        // "slicers" is the old name of "controllers".
        foreach (var name in (string[])["controllers", "slicers"])
            routes.MapGet($"/cluster/{name}", ApiRoute.Handle(request => request.AskAsync(new GetControllers(null, null))));

        // ours: a garbage collection, answered with its report once done (with the longer timeout
        // of requests that wait for work to finish: compacting a large SQLite file takes a while)
        routes.MapPost("/cluster/_gc", ApiRoute.Handle(request =>
            request.AskAsync(new RunGc(request.Query.Retention()), request.Options.StopAskTimeout)));

        routes.MapClusterStatsApi();
        routes.MapClusterEventsApi();
    }
}
