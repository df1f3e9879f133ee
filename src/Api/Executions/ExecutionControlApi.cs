using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Executions;

/// <summary>
/// The routes that act on one execution, mapped twice: under <c>/jobs/{jobId}</c> (the master
/// resolves the job's latest execution) and under <c>/ex/{exId}</c>. Each request carries exactly
/// one of the two ids.
/// </summary>
internal static class ExecutionControlApi
{
    private readonly record struct Target(string? JobId, string? ExId);

    public static void MapJobExecutionControls(this IEndpointRouteBuilder routes) =>
        Map(routes, "/jobs/{jobId}", request => new Target(request.RouteId("jobId"), null));

    public static void MapExecutionControls(this IEndpointRouteBuilder routes) =>
        Map(routes, "/ex/{exId}", request => new Target(null, request.RouteId("exId")));

    private static void Map(IEndpointRouteBuilder routes, string prefix, Func<ApiRequest, Target> target)
    {
        routes.MapPost($"{prefix}/_stop", ApiRoute.Handle(request => StopAsync(request, target(request))));

        routes.MapPost($"{prefix}/_pause", ApiRoute.Handle(request =>
        {
            var (jobId, exId) = target(request);
            return request.AskAsync(new PauseExecution(jobId, exId));
        }));

        routes.MapPost($"{prefix}/_resume", ApiRoute.Handle(request =>
        {
            var (jobId, exId) = target(request);
            return request.AskAsync(new ResumeExecution(jobId, exId));
        }));

        routes.MapPost($"{prefix}/_recover", ApiRoute.Handle(request =>
        {
            var (jobId, exId) = target(request);
            return request.AskAsync(new RecoverExecution(jobId, exId, request.Query.CleanupType()));
        }));

        routes.MapPost($"{prefix}/_workers", ApiRoute.Handle(request =>
        {
            var (jobId, exId) = target(request);
            var (change, count) = request.Query.WorkerCount();
            return request.AskAsync(new ChangeWorkers(jobId, exId, change, count));
        }));

        routes.MapGet($"{prefix}/errors", ApiRoute.Handle(request =>
        {
            var (jobId, exId) = target(request);
            request.Query.RejectFilter();
            return request.AskAsync(new GetSliceErrors(jobId, exId, request.Query.ToSliceErrorsQuery()));
        }));

        // "slicer" is the old name of "controller".
        foreach (var name in (string[])["controller", "slicer"])
            routes.MapGet($"{prefix}/{name}", ApiRoute.Handle(request =>
            {
                var (jobId, exId) = target(request);
                return request.AskAsync(new GetControllers(jobId, exId));
            }));
    }

    /// <summary>
    /// A blocking stop waits until the execution is terminal, so it gets the longer
    /// <see cref="ApiOptions.StopAskTimeout"/>.
    /// </summary>
    private static Task<object> StopAsync(ApiRequest request, Target target)
    {
        var blocking = request.Query.Flag("blocking", defaultValue: true);
        var force = request.Query.Flag("force", defaultValue: false);
        var timeoutMs = request.Query.TimeoutMs();
        var timeout = blocking ? request.Options.StopAskTimeout : request.Options.AskTimeout;
        return request.AskAsync(new StopExecution(target.JobId, target.ExId, blocking, force, timeoutMs), timeout);
    }
}
