using Akka.Configuration;
using Teraslice.Akka.Node.Configuration;

namespace Teraslice.Akka.Node.Hosting;

/// <summary>
/// The node's own values of the persistence HOCON (hocon/sqlite.conf, hocon/postgres.conf hold
/// the rest): the connection string of the journal, the query journal and the snapshot store,
/// and the distributed-data folders, rendered from the typed settings with HOCON quoting.
/// </summary>
public static class PersistenceHocon
{
    /// <summary>The keys that take the connection string.</summary>
    public static readonly IReadOnlyList<string> ConnectionStringKeys =
    [
        "akka.persistence.journal.sql.connection-string",
        "akka.persistence.query.journal.sql.connection-string",
        "akka.persistence.snapshot-store.sql.connection-string",
    ];

    /// <summary>The keys that take the distributed-data folder.</summary>
    public static readonly IReadOnlyList<string> DistributedDataKeys =
    [
        "akka.cluster.sharding.distributed-data.durable.lmdb.dir",
        "akka.cluster.distributed-data.durable.lmdb.dir",
    ];

    /// <summary>The file of the storage with the node's values over it.</summary>
    public static Config For(TerasliceSettings settings)
    {
        var file = ConfigurationFactory.ParseString(EmbeddedHocon.Read(
            settings.Storage == Master.Storage.StorageProvider.Sqlite ? "sqlite.conf" : "postgres.conf"));
        return Values(settings.EffectiveConnectionString, Path.Combine(Path.GetFullPath(settings.DataDir), "ddata")).WithFallback(file);
    }

    /// <summary>The node's values alone.</summary>
    public static Config Values(string connectionString, string distributedDataDir)
    {
        var lines = ConnectionStringKeys.Select(key => $"{key} = {SettingsLoader.Quote(connectionString)}")
            .Concat(DistributedDataKeys.Select(key => $"{key} = {SettingsLoader.Quote(distributedDataDir)}"));
        return ConfigurationFactory.ParseString(string.Join('\n', lines));
    }
}
