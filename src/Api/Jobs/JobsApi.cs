using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Executions;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Jobs;

/// <summary>The <c>/jobs</c> routes.</summary>
internal static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/jobs", ApiRoute.Handle(SubmitAsync));

        routes.MapGet("/jobs", ApiRoute.Handle(request =>
        {
            request.Query.RejectFilter();
            return request.AskAsync(new ListJobs(
                request.Query.ToListQuery(SortableFields.Jobs), request.Query.Active(), request.Query.ExFields()));
        }));

        routes.MapGet("/jobs/{jobId}", ApiRoute.Handle(request =>
            request.AskAsync(new GetJob(request.RouteId("jobId"), request.Query.ExFields()))));

        routes.MapGet("/jobs/{jobId}/ex", ApiRoute.Handle(request =>
            request.AskAsync(new GetLatestExecution(request.RouteId("jobId")))));

        routes.MapPost("/jobs/{jobId}/_start", ApiRoute.Handle(request =>
            request.AskAsync(new StartJob(request.RouteId("jobId")))));

        routes.MapPost("/jobs/{jobId}/_stop", ApiRoute.Handle(request =>
            ExecutionsApi.StopAsync(request, jobId: request.RouteId("jobId"), exId: null)));

        foreach (var name in (string[])["controller", "slicer"])
            routes.MapGet($"/jobs/{{jobId}}/{name}", ApiRoute.Handle(request =>
                request.AskAsync(new GetControllers(request.RouteId("jobId"), null))));
    }

    private static async Task<object> SubmitAsync(ApiRequest request)
    {
        // Options first: a bad ?start should not cost reading a large body.
        var start = request.Query.Flag("start", defaultValue: true);
        var spec = JobSpec.Parse(await request.ReadBodyAsync());
        return await request.AskAsync(new SubmitJob(spec, start));
    }
}
