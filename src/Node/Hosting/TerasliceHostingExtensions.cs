using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Event;
using Akka.Persistence.Sql;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Hosting;
using Teraslice.Akka.Master.Queries;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Node.Workers;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Serialization;

namespace Teraslice.Akka.Node.Hosting;

/// <summary>
/// Composes a Teraslice node: storage, operations, and the ActorSystem with remoting,
/// clustering, serialization, persistence, the slicer shards, the cluster master and the node
/// agent. The executable and embedding services call the same extensions.
/// </summary>
public static class TerasliceHostingExtensions
{
    /// <summary>The Teraslice version this node's API is compatible with.</summary>
    public const string TerasliceVersion = TerasliceNames.CompatibleVersion;

    /// <summary>Room kept on a remoting frame for the envelope of a message (paths, manifest).</summary>
    public const long FrameHeadroomBytes = 64 * 1024;

    /// <summary>
    /// The largest asset bundle the API may accept: it reaches the cluster master in one remoting
    /// message (wherever the master singleton runs, so the limit does not change when it moves),
    /// so it must fit <c>akka.remote.dot-netty.tcp.maximum-frame-size</c> with its envelope.
    /// </summary>
    /// <param name="userConfig">HOCON that overrides akka.conf (the --config file), or null.</param>
    public static long MaxAssetBytes(Config? userConfig)
    {
        var akka = ConfigurationFactory.ParseString(EmbeddedHocon.Read("akka.conf"));
        var config = userConfig is null || userConfig.IsEmpty ? akka : userConfig.WithFallback(akka);
        var frame = config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null)
            ?? throw new InvalidOperationException("akka.remote.dot-netty.tcp.maximum-frame-size is not set");
        return Math.Max(1, frame - FrameHeadroomBytes);
    }

    /// <summary>Registers a whole node in a host's services.</summary>
    /// <param name="userConfig">HOCON that overrides everything else (the --config file), or null.</param>
    /// <param name="operations">Operations registered in code, next to the built-ins (no asset bundle needed).</param>
    public static IServiceCollection AddTeraslice(this IServiceCollection services, TerasliceSettings settings, Config? userConfig = null,
        IReadOnlyCollection<OperationDefinition>? operations = null)
    {
        services.AddTerasliceServices(settings, userConfig, operations);
        services.AddAkka(TerasliceNames.ActorSystem, (builder, sp) => builder.AddTeraslice(settings, sp, userConfig));
        return services;
    }

    /// <summary>
    /// Everything a node needs but its ActorSystem, for a host that configures Akka.NET itself: it
    /// calls <c>builder.AddTeraslice(settings, serviceProvider)</c> in its own <c>AddAkka</c>, whose
    /// ActorSystem must be named <see cref="TerasliceNames.ActorSystem"/> (the nodes of a cluster share
    /// the name, and seed addresses carry it).
    /// </summary>
    public static IServiceCollection AddTerasliceServices(this IServiceCollection services, TerasliceSettings settings, Config? userConfig = null,
        IReadOnlyCollection<OperationDefinition>? operations = null)
    {
        services.AddSingleton(settings);
        services.AddSingleton(operations is { Count: > 0 } ? new OperationRegistry(Operations.Builtin.BuiltinOperations.Registry.All.Concat(operations)) : Operations.Builtin.BuiltinOperations.Registry);
        // asset bundles: fetched from the state store, cached and loaded per node
        services.AddSingleton(sp => new AssetCatalog(sp.GetRequiredService<IStateStore>(),
            Path.Combine(Path.GetFullPath(settings.DataDir), "assets"), sp.GetRequiredService<OperationRegistry>(),
            sp.GetRequiredService<ILogger<AssetCatalog>>()));
        services.AddSingleton<IOperationCatalog>(sp => sp.GetRequiredService<AssetCatalog>());
        services.AddSingleton<IStateStore>(sp => SqlStateStore.Create(
            settings.Storage, settings.EffectiveConnectionString, sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqlStateStore>()));
        // the cluster event log: the master, the controllers and the slicers append to it
        services.AddSingleton(sp => new ClusterEventLog(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<ILogger<ClusterEventLog>>()));
        // the REST API (where the node serves it): stored records read here, commands through the master
        services.AddSingleton(sp => new StoredRecordQueries(sp.GetRequiredService<IStateStore>()));
        services.AddSingleton<ActorMasterClient>();
        services.AddSingleton<IMasterClient, NodeMasterClient>();
        // the embedding service's client: the same requests as the REST API, in-process
        services.AddSingleton<ITerasliceClient>(sp => new LocalTerasliceClient(sp.GetRequiredService<IMasterClient>()));
        // before the ActorSystem starts: the data dir, the SQLite file in WAL mode, the read-model tables
        services.AddHostedService<StorageInitializer>();
        if (settings.IsMaster && settings.AutoloadDir.Length > 0)
        {
            var maxAssetBytes = MaxAssetBytes(userConfig);
            services.AddHostedService(sp => new AssetAutoloader(settings, sp.GetRequiredService<IRequiredActor<ActorKeys.Master>>(),
                maxAssetBytes, sp.GetRequiredService<ILogger<AssetAutoloader>>()));
        }
        return services;
    }

    /// <summary>Adds a Teraslice node to an ActorSystem being configured (for hosts that own the ActorSystem).</summary>
    public static AkkaConfigurationBuilder AddTeraslice(
        this AkkaConfigurationBuilder builder, TerasliceSettings settings, IServiceProvider services, Config? userConfig = null)
    {
        builder
            .AddHocon(EmbeddedHocon.Read("akka.conf"), HoconAddMode.Append)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .WithTeraslicePersistence(settings)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(new RemoteOptions
            {
                HostName = settings.Hostname,
                Port = settings.RemotePort,
                PublicHostName = settings.PublicHostname,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = settings.Roles.ToArray(),
                SeedNodes = settings.SeedNodes.ToArray(),
            })
            .WithCustomSerializer("teraslice", [typeof(ITerasliceMessage)], system => new TerasliceSerializer(system))
            .WithSlicerSharding(settings.IsMaster, settings.Slicer)
            .WithClusterMaster(settings.IsMaster, settings.Master with
            {
                TerasliceVersion = TerasliceVersion,
                Controller = settings.Controller with { Hostname = settings.PublicHostname, Port = settings.RemotePort },
            });
        if (settings.IsWorker) builder.WithNodeAgent(settings);
        if (settings.SeedNodes.Count == 0)
        {
            // no seeds: this node forms a cluster of its own
            builder.AddStartup((system, _) =>
            {
                var cluster = global::Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }
        // in memory: no durable distributed data (its LMDB files would be the only thing on disk)
        if (settings.InMemory)
            builder.AddHocon("""
                akka.cluster.sharding.distributed-data.durable.keys = []
                akka.cluster.distributed-data.durable.keys = []
                """, HoconAddMode.Prepend);
        if (userConfig is not null && !userConfig.IsEmpty) builder.AddHocon(userConfig, HoconAddMode.Prepend);
        return builder;
    }

    /// <summary>Akka.Persistence.Sql journal and snapshots on the node's database (hocon/sqlite.conf or postgres.conf).</summary>
    public static AkkaConfigurationBuilder WithTeraslicePersistence(this AkkaConfigurationBuilder builder, TerasliceSettings settings) =>
        builder.AddHocon(PersistenceConfig(settings), HoconAddMode.Prepend);

    /// <summary>hocon/sqlite.conf or postgres.conf with the node's connection string and distributed-data folder over it.</summary>
    public static Config PersistenceConfig(TerasliceSettings settings) => PersistenceHocon.Over(
        ConfigurationFactory.ParseString(EmbeddedHocon.Read(settings.Storage == StorageProvider.Sqlite ? "sqlite.conf" : "postgres.conf")),
        settings.EffectiveConnectionString,
        Path.Combine(Path.GetFullPath(settings.DataDir), "ddata"));

    /// <summary>
    /// The node agent and its worker slots (worker-role nodes), registered as
    /// <see cref="ActorKeys.NodeAgent"/>; a graceful shutdown drains its workers first.
    /// </summary>
    public static AkkaConfigurationBuilder WithNodeAgent(this AkkaConfigurationBuilder builder, TerasliceSettings settings) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var agentSettings = new NodeAgentSettings(settings.NodeId, settings.PublicHostname, settings.Workers, TerasliceVersion);
            var agent = system.ActorOf(NodeAgentActor.Props(
                agentSettings,
                registry.Get<ActorKeys.Master>(),
                registry.Get<ActorKeys.SlicerRegion>(),
                resolver.GetService<IOperationCatalog>(),
                resolver.GetService<ILoggerFactory>()), TerasliceNames.NodeAgent);
            registry.Register<ActorKeys.NodeAgent>(agent);

            // finish the slice at hand and hand back the rest before the node leaves the cluster
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "drain-workers", async () =>
            {
                try
                {
                    await agent.Ask<Drained>(DrainWorkers.Instance, TimeSpan.FromSeconds(55));
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    system.Log.Warning("Workers did not finish their slices in time; leaving anyway");
                }
                return global::Akka.Done.Instance;
            });
        });

    /// <summary>Prepares the database before the ActorSystem starts.</summary>
    private sealed class StorageInitializer(TerasliceSettings settings, IStateStore store, ILogger<StorageInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!settings.InMemory) Directory.CreateDirectory(settings.DataDir);
            await store.InitializeAsync(cancellationToken);
            logger.LogInformation("Storage ready: {Storage} ({Location})", settings.Storage,
                settings.InMemory ? "in memory" : settings.Storage == StorageProvider.Sqlite ? Path.GetFullPath(settings.DataDir) : "PostgreSQL");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
