using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Operations;

namespace Teraslice.Akka.Node.Hosting;

/// <summary>
/// One node in a host of its own: a web application serving the REST API when the settings say
/// so, a generic host otherwise (a worker-only node opens no port). The <c>teraslice</c> executable
/// and <see cref="TerasliceEnvironment"/> build their nodes here.
/// </summary>
public static class TerasliceHost
{
    /// <param name="userConfig">HOCON over everything else (the --config file), or null.</param>
    /// <param name="operations">Operations registered in code, next to the built-ins.</param>
    /// <param name="logging">Where the node logs (the providers are cleared first: none by default).</param>
    public static IHost Build(TerasliceSettings settings, Config? userConfig = null, IReadOnlyCollection<OperationDefinition>? operations = null,
        Action<ILoggingBuilder>? logging = null)
    {
        if (!settings.ServesApi)
        {
            var generic = Host.CreateApplicationBuilder();
            Configure(generic.Logging, generic.Services);
            return generic.Build();
        }
        var web = WebApplication.CreateSlimBuilder();
        Configure(web.Logging, web.Services);
        var maxAssetBytes = TerasliceHostingExtensions.MaxAssetBytes(userConfig);
        web.Services.AddTerasliceApi(o =>
        {
            o.ClusterName = settings.ClusterName;
            // a bundle over the remoting frame would be dropped on its way to the master: 413 instead
            o.MaxAssetBytes = Math.Min(o.MaxAssetBytes, maxAssetBytes);
        });
        web.WebHost.UseUrls($"http://{settings.Hostname}:{settings.ApiPort}");
        var app = web.Build();
        app.MapTerasliceApi();
        return app;

        void Configure(ILoggingBuilder logs, IServiceCollection services)
        {
            logs.ClearProviders();
            logging?.Invoke(logs);
            // CoordinatedShutdown phases (drain, hand-off, leave) need more than the default 30 s
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(120));
            services.AddTeraslice(settings, userConfig, operations);
        }
    }

    /// <summary>The addresses the started host's REST API listens on (none for a node without the API).</summary>
    public static IReadOnlyList<string> ApiAddresses(IHost host) =>
        host.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
