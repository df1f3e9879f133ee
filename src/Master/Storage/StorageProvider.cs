namespace Teraslice.Akka.Master.Storage;

/// <summary>The SQL databases the state store runs on (the node's <c>--storage</c> flag).</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file (default; shared with the Akka.Persistence.Sql journal, in WAL mode).</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql (real clusters).</summary>
    Postgres,
}
