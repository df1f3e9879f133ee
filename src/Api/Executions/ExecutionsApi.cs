using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Executions;

/// <summary>The <c>/ex</c> routes.</summary>
internal static class ExecutionsApi
{
    public static void MapExecutionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ex", ApiRoute.Handle(request =>
        {
            request.Query.RejectFilter();
            return request.AskAsync(new ListExecutions(
                request.Query.ToListQuery(SortableFields.Executions), request.Query.Statuses()));
        }));

        routes.MapGet("/ex/{exId}", ApiRoute.Handle(request =>
            request.AskAsync(new GetExecution(request.RouteId("exId")))));

        routes.MapPost("/ex/{exId}/_stop", ApiRoute.Handle(request =>
            StopAsync(request, jobId: null, exId: request.RouteId("exId"))));

        foreach (var name in (string[])["controller", "slicer"])
            routes.MapGet($"/ex/{{exId}}/{name}", ApiRoute.Handle(request =>
                request.AskAsync(new GetControllers(null, request.RouteId("exId")))));
    }

    /// <summary>
    /// <c>_stop</c> of a job's latest execution or of an execution. A blocking stop waits until the
    /// execution is terminal, so it gets the longer <see cref="ApiOptions.StopAskTimeout"/>.
    /// </summary>
    public static Task<object> StopAsync(ApiRequest request, string? jobId, string? exId)
    {
        var blocking = request.Query.Flag("blocking", defaultValue: true);
        var force = request.Query.Flag("force", defaultValue: false);
        var timeoutMs = request.Query.TimeoutMs();
        var timeout = blocking ? request.Options.StopAskTimeout : request.Options.AskTimeout;
        return request.AskAsync(new StopExecution(jobId, exId, blocking, force, timeoutMs), timeout);
    }
}
