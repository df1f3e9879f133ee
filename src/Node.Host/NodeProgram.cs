using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Node.Hosting;

namespace Teraslice.Akka.Node;

/// <summary>The <c>teraslice</c> executable: flags, settings, the host, and a clean exit.</summary>
internal static class NodeProgram
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
        var host = TerasliceHost.Build(settings, userConfig, logging: ConsoleLogging);
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Teraslice.Node");
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception e)
        {
            log.LogCritical(e, "The node could not start: {Reason}", e.Message);
            return 1;
        }
        var addresses = TerasliceHost.ApiAddresses(host);
        log.LogInformation("Teraslice node {NodeId} up: API {Addresses}, remoting on {Hostname}:{RemotePort}, roles {Roles}, {Workers} worker slot(s)",
            settings.NodeId, addresses.Count > 0 ? "on " + string.Join(", ", addresses) : "off", settings.Hostname, settings.RemotePort,
            string.Join(",", settings.Roles), settings.Workers);
        await host.WaitForShutdownAsync(CancellationToken.None);
        return Environment.ExitCode;
    }

    private static void ConsoleLogging(ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }

    private static string Describe(string key) => key switch
    {
        "cluster-name" => "The cluster's name (GET / answers it)",
        "hostname" => "Address to bind the API and remoting to (default 127.0.0.1)",
        "public-hostname" => "Address other nodes reach this one at (default: hostname)",
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
        "autoload-dir" => "A folder of asset bundles (*.zip) master nodes upload at start-up (default: none)",
        _ => key,
    };
}
