using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Assets;

/// <summary>
/// The <c>/assets</c> routes: upload a zip bundle, list bundles (all, by name, by name and
/// version or range), delete one. The master inspects and stores bundles; the API only refuses
/// what is plainly not a bundle before reading or sending it.
/// </summary>
internal static class AssetsApi
{
    /// <summary>Upstream's message for a JSON upload (a bundle is binary).</summary>
    public const string JsonNotAccepted = "/asset endpoints do not accept json";

    public const string EmptyBundle =
        "asset bundle is empty: send the zip as the request body (Content-Type: application/octet-stream)";

    // The two types upstream parses as JSON (curl -d sends the second): a bundle sent with
    // them was almost surely mangled by a form or JSON client.
    private static readonly string[] JsonMediaTypes = ["application/json", "application/x-www-form-urlencoded"];

    public static void MapAssetsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/assets", ApiRoute.Handle(UploadAsync));

        routes.MapGet("/assets", ApiRoute.Handle(request => request.AskAsync(List(request, name: null, version: null))));

        routes.MapGet("/assets/{name}", ApiRoute.Handle(request =>
            request.AskAsync(List(request, request.RouteId("name"), version: null))));

        routes.MapGet("/assets/{name}/{version}", ApiRoute.Handle(request =>
            request.AskAsync(List(request, request.RouteId("name"), request.RouteId("version")))));

        routes.MapDelete("/assets/{assetId}", ApiRoute.Handle(request =>
            request.AskAsync(new DeleteAsset(request.RouteId("assetId")))));
    }

    /// <summary>The list request of <c>/assets[/{name}[/{version}]]</c> and its <c>/txt</c> tables.</summary>
    public static ListAssets List(ApiRequest request, string? name, string? version)
    {
        request.Query.RejectFilter(instead: "/assets/{name} or /assets/{name}/{version}");
        return new ListAssets(name, version, request.Query.ToAssetsQuery());
    }

    private static async Task<object> UploadAsync(ApiRequest request)
    {
        // Checks that cost nothing first: a bad request should not cost reading a large body.
        if (IsJson(request.Http.Request.ContentType))
            throw ApiException.BadRequest(JsonNotAccepted);
        // Upstream's blocking=false still awaited the save and only hid its errors; we always
        // store before answering, so the option is validated and otherwise ignored.
        request.Query.Flag("blocking", defaultValue: false);

        var zip = await request.ReadAssetBundleAsync();
        if (zip.Length == 0)
            throw ApiException.BadRequest(EmptyBundle);
        return await request.AskAsync(new UploadAsset(zip));
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return false;
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return JsonMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }
}
