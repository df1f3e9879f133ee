using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Events;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Hosting;

/// <summary>Akka.Hosting extensions of the master subsystems.</summary>
public static class MasterHostingExtensions
{
    /// <summary>
    /// The slicer shard region: entities on nodes with the master role (event-sourced, remembered,
    /// ddata coordinator), a proxy elsewhere. Registered as <see cref="ActorKeys.SlicerRegion"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithSlicerSharding(this AkkaConfigurationBuilder builder, bool hostsEntities, SlicerSettings settings)
    {
        if (!hostsEntities)
            return builder.WithShardRegionProxy<ActorKeys.SlicerRegion>(
                TerasliceNames.SlicerRegion, TerasliceNames.Roles.Master, new SlicerMessageExtractor());

        return builder.WithShardRegion<ActorKeys.SlicerRegion>(
            TerasliceNames.SlicerRegion,
            (_, _, resolver) =>
            {
                var catalog = resolver.GetService<IOperationCatalog>();
                var loggers = resolver.GetService<ILoggerFactory>();
                var store = resolver.GetService<IStateStore>();
                var events = resolver.GetService<ClusterEventLog>();
                return entityId => SlicerActor.Props(entityId, catalog, loggers, settings, store, events);
            },
            new SlicerMessageExtractor(),
            new ShardOptions
            {
                Role = TerasliceNames.Roles.Master,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                HandOffStopMessage = SlicerHandOff.Instance,
            });
    }

    /// <summary>
    /// The cluster master singleton on nodes with the master role, and its proxy on every node
    /// (registered as <see cref="ActorKeys.Master"/>). Register after <see cref="WithSlicerSharding"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithClusterMaster(this AkkaConfigurationBuilder builder, bool hostsMaster, MasterSettings settings)
    {
        var options = new ClusterSingletonOptions { Role = TerasliceNames.Roles.Master };
        if (!hostsMaster)
            return builder.WithSingletonProxy<ActorKeys.Master>(TerasliceNames.MasterSingleton, options);

        return builder.WithSingleton<ActorKeys.Master>(
            TerasliceNames.MasterSingleton,
            (system, registry, resolver) => ClusterMasterActor.Props(
                resolver.GetService<IStateStore>(),
                CommandHandlers.Create(resolver.GetService<IStateStore>(), resolver.GetService<AssetCatalog>(), settings.TerasliceVersion,
                    resolver.GetService<ClusterEventLog>(), JournalTables.From(system.Settings.Config), settings.Gc),
                registry.Get<ActorKeys.SlicerRegion>(),
                settings,
                resolver.GetService<ClusterEventLog>()),
            options,
            createProxyToo: true);
    }
}
