using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Assets;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Text;

/// <summary>
/// The <c>/txt</c> routes: text tables of what the JSON routes answer, mapped at the root only
/// (upstream has no <c>/v1/txt</c>). Every table takes <c>fields</c> (its columns) and
/// <c>headers=false</c>; errors keep the JSON envelope.
/// </summary>
internal static class TextApi
{
    public static void MapTextApi(this IEndpointRouteBuilder routes)
    {
        // Cluster state and controllers come whole; from and size page them here.
        routes.MapGet("/txt/workers", ApiRoute.Handle(request =>
            TableAsync(request, GetClusterState.Instance, TextTables.WorkerColumns, TextTables.Workers, request.Query.Page())));

        routes.MapGet("/txt/nodes", ApiRoute.Handle(request =>
            TableAsync(request, GetClusterState.Instance, TextTables.NodeColumns, TextTables.Nodes, request.Query.Page())));

        foreach (var name in (string[])["controllers", "slicers"])
            routes.MapGet($"/txt/{name}", ApiRoute.Handle(request =>
                TableAsync(request, new GetControllers(null, null), TextTables.ControllerColumns, TextTables.Records,
                    request.Query.Page())));

        // The store pages and sorts these, as for GET /jobs and GET /ex.
        routes.MapGet("/txt/jobs", ApiRoute.Handle(request =>
        {
            request.Query.RejectFilter();
            var query = request.Query.ToListQuery(SortableFields.Jobs);
            return TableAsync(request, new ListJobs(query, request.Query.Active(), ExFields: null),
                WithDeletedOn(TextTables.JobColumns, query), TextTables.Records, page: null);
        }));

        routes.MapGet("/txt/ex", ApiRoute.Handle(request =>
        {
            request.Query.RejectFilter();
            var query = request.Query.ToListQuery(SortableFields.Executions);
            return TableAsync(request, new ListExecutions(query, request.Query.Statuses()),
                WithDeletedOn(TextTables.ExecutionColumns, query), TextTables.Records, page: null);
        }));

        routes.MapGet("/txt/assets", ApiRoute.Handle(request =>
            TableAsync(request, AssetsApi.List(request, name: null, version: null), TextTables.AssetColumns,
                TextTables.Assets, page: null)));

        routes.MapGet("/txt/assets/{name}", ApiRoute.Handle(request =>
            TableAsync(request, AssetsApi.List(request, request.RouteId("name"), version: null), TextTables.AssetColumns,
                TextTables.Assets, page: null)));

        routes.MapGet("/txt/assets/{name}/{version}", ApiRoute.Handle(request =>
            TableAsync(request, AssetsApi.List(request, request.RouteId("name"), request.RouteId("version")),
                TextTables.AssetColumns, TextTables.Assets, page: null)));
    }

    /// <summary>
    /// Asks the master and renders its reply as a table; a rejection stays a JSON error. Options
    /// are read before asking, so a bad one costs no round trip.
    /// </summary>
    /// <param name="page">from and size to apply here (skip, then take); null: the master paged.</param>
    private static async Task<object> TableAsync(ApiRequest request, IMasterRequest ask,
        IReadOnlyList<string> defaultColumns, Func<string, IReadOnlyList<JsonNode?>> records, (int From, int Size)? page)
    {
        var columns = request.Query.Fields() ?? defaultColumns;
        var headers = request.Query.Flag("headers", defaultValue: true);

        var reply = await request.AskAsync(ask);
        if (reply is not JsonReply json)
            return reply;

        IEnumerable<JsonNode?> rows = records(json.Json);
        if (page is var (from, size))
            rows = rows.Skip(from).Take(size);
        return new TextReply(TextTable.ContentType, TextTable.Render(columns, TextTables.Cells(columns, rows), headers));
    }

    private static IReadOnlyList<string> WithDeletedOn(IReadOnlyList<string> columns, ListQuery query) =>
        query.Deleted ? [.. columns, TextTables.DeletedOnColumn] : columns;
}
