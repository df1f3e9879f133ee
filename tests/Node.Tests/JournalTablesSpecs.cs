using Akka.Persistence.Sql;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Node.Hosting;

namespace Teraslice.Akka.Node.Tests;

/// <summary>The tables a node's garbage collection deletes from are the ones its persistence config gives the journal.</summary>
public sealed class JournalTablesSpecs
{
    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public void A_nodes_journal_tables_should_come_from_its_persistence_config(StorageProvider storage)
    {
        var settings = new TerasliceSettings { Storage = storage, ConnectionString = "Data Source=x.db", DataDir = "/tmp/d" };
        var config = TerasliceHostingExtensions.PersistenceConfig(settings).WithFallback(SqlPersistence.DefaultConfiguration);

        var tables = JournalTables.From(config);

        Assert.Equal(new PersistenceTable(null, "journal", "persistence_id"), tables.Journal);
        Assert.Equal(new PersistenceTable(null, "snapshot", "persistence_id"), tables.Snapshot);
    }

    [Fact]
    public void Another_table_mapping_should_name_other_tables()
    {
        var settings = new TerasliceSettings { Storage = StorageProvider.Postgres, ConnectionString = "Host=db", DataDir = "/tmp/d" };
        var config = global::Akka.Configuration.ConfigurationFactory.ParseString("""
                akka.persistence.journal.sql.table-mapping = postgresql
                akka.persistence.snapshot-store.sql { table-mapping = postgresql, postgresql.schema-name = ops }
                """)
            .WithFallback(TerasliceHostingExtensions.PersistenceConfig(settings)).WithFallback(SqlPersistence.DefaultConfiguration);

        var tables = JournalTables.From(config);

        Assert.Equal("event_journal", tables.Journal.Name);
        Assert.Equal(new PersistenceTable("ops", "snapshot_store", "persistence_id"), tables.Snapshot);
    }

    [Fact]
    public void A_config_without_the_journal_plugin_should_say_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JournalTables.From(SqlPersistence.DefaultConfiguration));

        Assert.StartsWith("akka.persistence.journal.plugin does not name a configured persistence plugin", error.Message);
    }
}
