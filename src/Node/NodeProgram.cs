using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Node.Hosting;

namespace Teraslice.Akka.Node;

/// <summary>The <c>teraslice</c> executable: flags, settings, the host, and a clean exit.</summary>
public static class NodeProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configOption = new Option<string?>("--config") { Description = "A HOCON file of settings (teraslice { ... }, and akka.* for tuning)" };
        var root = new RootCommand("Runs a Teraslice.Akka node: cluster master, slicers, worker slots and the REST API.") { configOption };
        var flagOptions = new Dictionary<string, Option<string?>>();
        foreach (var (key, isList) in SettingsLoader.Keys)
        {
            var option = new Option<string?>(SettingsLoader.Flag(key))
            {
                Description = Describe(key) + $" (env {SettingsLoader.EnvironmentVariable(key)})" + (isList ? "; comma-separated" : ""),
            };
            flagOptions[key] = option;
            root.Options.Add(option);
        }

        root.SetAction(async (parse, ct) =>
        {
            TerasliceSettings settings;
            global::Akka.Configuration.Config userConfig;
            try
            {
                var flags = flagOptions
                    .Select(kv => (kv.Key, Value: parse.GetValue(kv.Value)))
                    .Where(f => f.Value is not null)
                    .ToDictionary(f => f.Key, f => f.Value!);
                (settings, userConfig) = SettingsLoader.Load(parse.GetValue(configOption), Environment.GetEnvironmentVariables(), flags);
            }
            catch (SettingsException e)
            {
                await Console.Error.WriteLineAsync("teraslice: " + e.Message);
                return 2;
            }
            return await RunNodeAsync(settings, userConfig, ct);
        });
        // The host handles SIGTERM/Ctrl+C (CoordinatedShutdown may need a minute); System.CommandLine would exit with 143 after 2 s.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static async Task<int> RunNodeAsync(TerasliceSettings settings, global::Akka.Configuration.Config userConfig, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // CoordinatedShutdown phases (drain, hand-off, leave) need more than the default 30 s
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(120));
        builder.Services.AddTeraslice(settings, userConfig);
        if (settings.ServesApi)
        {
            builder.Services.AddTerasliceApi(o => o.ClusterName = settings.ClusterName);
            builder.WebHost.UseUrls($"http://{settings.Hostname}:{settings.ApiPort}");
        }
        else
        {
            builder.WebHost.UseUrls(); // no listener on worker-only nodes
        }

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Teraslice.Node");
        if (settings.ServesApi) app.MapTerasliceApi();
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e)
        {
            log.LogCritical(e, "The node could not start: {Reason}", e.Message);
            return 1;
        }
        if (settings.ServesApi)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            log.LogInformation("Teraslice node {NodeId} up: API on {Addresses}, remoting on {Hostname}:{RemotePort}, roles {Roles}, {Workers} worker slot(s)",
                settings.NodeId, string.Join(", ", addresses ?? []), settings.Hostname, settings.RemotePort, string.Join(",", settings.Roles), settings.Workers);
        }
        else
        {
            log.LogInformation("Teraslice node {NodeId} up: remoting on {Hostname}:{RemotePort}, roles {Roles}, {Workers} worker slot(s), no API",
                settings.NodeId, settings.Hostname, settings.RemotePort, string.Join(",", settings.Roles), settings.Workers);
        }
        await app.WaitForShutdownAsync(CancellationToken.None);
        return Environment.ExitCode;
    }

    private static string Describe(string key) => key switch
    {
        "cluster-name" => "The cluster's name (GET / answers it)",
        "hostname" => "Address to bind and advertise (default 127.0.0.1)",
        "api-port" => "REST API port (default 5678)",
        "api" => "Serve the REST API: on, off, auto (default: on for master nodes)",
        "remote-port" => "Akka.Remote port (default 5679)",
        "seed-nodes" => "Nodes to join, host:port of their remote ports",
        "roles" => "master, worker (default both)",
        "workers" => "Worker slots on this node (default: the number of cores)",
        "data-dir" => "Where the SQLite database lives (default ./data)",
        "storage" => "sqlite (default) or postgres",
        "connection-string" => "Npgsql connection string for --storage postgres",
        "node-id" => "This node's id in the cluster state (default machine:remote-port)",
        _ => key,
    };
}
