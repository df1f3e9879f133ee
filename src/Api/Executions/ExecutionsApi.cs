using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Executions;

/// <summary>The <c>/ex</c> routes (those acting on one execution: <see cref="ExecutionControlApi"/>).</summary>
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

        // Slice errors of every execution; the literal segment outranks /ex/{exId}.
        routes.MapGet("/ex/errors", ApiRoute.Handle(request =>
        {
            request.Query.RejectFilter();
            return request.AskAsync(new GetSliceErrors(null, null, request.Query.ToSliceErrorsQuery()));
        }));

        routes.MapGet("/ex/{exId}", ApiRoute.Handle(request =>
            request.AskAsync(new GetExecution(request.RouteId("exId")))));

        routes.MapExecutionControls();
    }
}
