using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Executions;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Jobs;

/// <summary>The <c>/jobs</c> routes (those acting on the job's latest execution: <see cref="ExecutionControlApi"/>).</summary>
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

        routes.MapPut("/jobs/{jobId}", ApiRoute.Handle(UpdateAsync));

        routes.MapDelete("/jobs/{jobId}", ApiRoute.Handle(request =>
            request.AskAsync(new DeleteJob(request.RouteId("jobId")))));

        routes.MapGet("/jobs/{jobId}/ex", ApiRoute.Handle(request =>
            request.AskAsync(new GetLatestExecution(request.RouteId("jobId")))));

        routes.MapPost("/jobs/{jobId}/_start", ApiRoute.Handle(request =>
            request.AskAsync(new StartJob(request.RouteId("jobId")))));

        // Ours: stop the job at once (answering when it has stopped) and never run it again.
        routes.MapPost("/jobs/{jobId}/_kill", ApiRoute.Handle(request =>
            request.AskAsync(new KillJob(request.RouteId("jobId")), request.Options.StopAskTimeout)));

        // Deprecated upstream (delete jobs instead), still served.
        routes.MapPost("/jobs/{jobId}/_active", ApiRoute.Handle(request =>
            request.AskAsync(new SetJobActive(request.RouteId("jobId"), Active: true))));
        routes.MapPost("/jobs/{jobId}/_inactive", ApiRoute.Handle(request =>
            request.AskAsync(new SetJobActive(request.RouteId("jobId"), Active: false))));

        routes.MapJobExecutionControls();
    }

    private static async Task<object> SubmitAsync(ApiRequest request)
    {
        // Options first: a bad ?start should not cost reading a large body.
        var start = request.Query.Flag("start", defaultValue: true);
        var jobId = request.Query.ChosenJobId();
        var spec = JobBodies.Submitted(await request.ReadBodyAsync());
        return await request.AskAsync(new SubmitJob(spec, start, jobId));
    }

    private static async Task<object> UpdateAsync(ApiRequest request)
    {
        var jobId = request.RouteId("jobId");
        var spec = JobBodies.Update(await request.ReadBodyAsync(), jobId);
        return await request.AskAsync(new UpdateJob(jobId, spec));
    }
}
