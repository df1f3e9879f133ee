using Akka.Configuration;
using Akka.Persistence.Sql.Config;

namespace Teraslice.Akka.Master.Storage;

/// <summary>A table of Akka.Persistence.Sql: its schema (null: the connection's default), name, and persistence-id column.</summary>
public sealed record PersistenceTable(string? Schema, string Name, string PersistenceIdColumn);

/// <summary>
/// Where Akka.Persistence.Sql keeps the slicers' events and snapshots, read from the node's
/// persistence config (the plugins named by <c>akka.persistence.journal.plugin</c> and
/// <c>akka.persistence.snapshot-store.plugin</c>, their <c>table-mapping</c> and its table and
/// column names) by the plugin's own config classes, so the garbage collection deletes from the
/// tables the journal writes to, whatever they are called.
/// </summary>
public sealed record JournalTables(PersistenceTable Journal, PersistenceTable Snapshot)
{
    /// <param name="akkaConfig">The ActorSystem's config (with the plugin's defaults, <c>SqlPersistence.DefaultConfiguration</c>).</param>
    /// <exception cref="InvalidOperationException">A plugin is not configured.</exception>
    public static JournalTables From(Config akkaConfig)
    {
        ArgumentNullException.ThrowIfNull(akkaConfig);
        var journal = new JournalConfig(Plugin(akkaConfig, "akka.persistence.journal.plugin")).TableConfig;
        var snapshot = new SnapshotConfig(Plugin(akkaConfig, "akka.persistence.snapshot-store.plugin")).TableConfig;
        return new JournalTables(
            new PersistenceTable(Schema(journal.SchemaName), journal.EventJournalTable.Name, journal.EventJournalTable.ColumnNames.PersistenceId),
            new PersistenceTable(Schema(snapshot.SchemaName), snapshot.SnapshotTable.Name, snapshot.SnapshotTable.ColumnNames.PersistenceId));
    }

    private static Config Plugin(Config config, string pluginKey)
    {
        var path = config.GetString(pluginKey);
        if (string.IsNullOrWhiteSpace(path) || !config.HasPath(path))
            throw new InvalidOperationException($"{pluginKey} does not name a configured persistence plugin (got \"{path}\")");
        return config.GetConfig(path);
    }

    private static string? Schema(string? name) => string.IsNullOrWhiteSpace(name) ? null : name;
}
