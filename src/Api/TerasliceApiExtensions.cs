using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Teraslice.Akka.Api.Assets;
using Teraslice.Akka.Api.Cluster;
using Teraslice.Akka.Api.Executions;
using Teraslice.Akka.Api.Http;
using Teraslice.Akka.Api.Jobs;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Api.Text;

namespace Teraslice.Akka.Api;

/// <summary>Registers and maps the Teraslice REST API.</summary>
public static class TerasliceApiExtensions
{
    /// <summary>Teraslice mounts every JSON route both at the root and under this prefix.</summary>
    public const string VersionPrefix = "/v1";

    /// <summary>
    /// Registers the API's settings (validated at start-up) and, unless one is already registered,
    /// <see cref="ActorMasterClient"/> as the <see cref="IMasterClient"/>.
    /// </summary>
    public static IServiceCollection AddTerasliceApi(this IServiceCollection services, Action<ApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ApiOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton<IMasterClient, ActorMasterClient>();
        services.TryAddSingleton<ApiRuntime>();
        return services;
    }

    /// <summary>
    /// Maps the JSON routes at <c>/</c> and <c>/v1</c>, the <c>/txt</c> tables at <c>/</c> only,
    /// and a catch-all that answers 405 for any other method or path (as Teraslice does). The
    /// catch-all has the lowest precedence, so the host's own routes (health checks, ...) still
    /// win wherever they are mapped.
    /// </summary>
    public static IEndpointRouteBuilder MapTerasliceApi(this IEndpointRouteBuilder endpoints)
    {
        // Ask whether it is registered without building it: the master client it holds may need
        // the ActorSystem, which is not started yet.
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(ApiRuntime)) != true)
            throw new InvalidOperationException(
                $"call services.{nameof(AddTerasliceApi)}(...) before app.{nameof(MapTerasliceApi)}()");

        foreach (var prefix in (string[])["/", VersionPrefix])
            MapJsonRoutes(endpoints.MapGroup(prefix));
        endpoints.MapTextApi();

        endpoints.Map("/{**path}", ApiRoute.Handle(NotAllowed)).WithOrder(int.MaxValue);
        return endpoints;
    }

    private static void MapJsonRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapClusterApi();
        routes.MapJobsApi();
        routes.MapExecutionsApi();
        routes.MapAssetsApi();
    }

    private static Task<object> NotAllowed(ApiRequest request)
    {
        var http = request.Http.Request;
        throw new ApiException(StatusCodes.Status405MethodNotAllowed,
            $"cannot {http.Method} endpoint {http.PathBase}{http.Path}{http.QueryString}");
    }
}
