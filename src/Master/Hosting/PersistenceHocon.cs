using Akka.Configuration;

namespace Teraslice.Akka.Master.Hosting;

/// <summary>
/// A node's own values of the persistence HOCON (hocon/sqlite.conf and hocon/postgres.conf hold
/// the rest): the connection string of the journal, the query journal and the snapshot store,
/// and the distributed-data folders, rendered from typed values with HOCON quoting.
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

    /// <summary>The file of the storage (sqlite.conf or postgres.conf) with these values over it.</summary>
    public static Config Over(Config storageFile, string connectionString, string distributedDataDir) =>
        Values(connectionString, distributedDataDir).WithFallback(storageFile);

    /// <summary>The values alone.</summary>
    public static Config Values(string connectionString, string distributedDataDir)
    {
        var lines = ConnectionStringKeys.Select(key => $"{key} = {HoconText.Quote(connectionString)}")
            .Concat(DistributedDataKeys.Select(key => $"{key} = {HoconText.Quote(distributedDataDir)}"));
        return ConfigurationFactory.ParseString(string.Join('\n', lines));
    }
}
