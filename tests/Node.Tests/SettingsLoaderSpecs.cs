using System.Collections;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Master.Hosting;
using Teraslice.Akka.Node.Hosting;

namespace Teraslice.Akka.Node.Tests;

public sealed class SettingsLoaderSpecs : IDisposable
{
    private static readonly IDictionary NoEnvironment = new Hashtable();
    private static readonly IReadOnlyDictionary<string, string> NoFlags = new Dictionary<string, string>();
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"ts-settings-{Guid.NewGuid():N}.conf");

    public void Dispose()
    {
        if (File.Exists(_configFile)) File.Delete(_configFile);
    }

    [Fact]
    public void The_built_in_tuning_should_be_the_settings_records_defaults()
    {
        var (settings, _) = SettingsLoader.Load(null, NoEnvironment, NoFlags);

        // the records' defaults serve tests and embedding; hocon/teraslice.conf serves nodes: they must agree
        Assert.Equal(new MasterSettings(), settings.Master);
        Assert.Equal(new ControllerSettings(), settings.Controller);
        Assert.Equal(new SlicerSettings(), settings.Slicer);
    }

    [Fact]
    public void A_config_file_should_tune_the_master_the_controllers_and_the_slicers()
    {
        File.WriteAllText(_configFile, """
            teraslice.master.stats-timeout = 2s
            teraslice.controller.default-stop-timeout = 90s
            teraslice.slicer { snapshot-every = 50, flush-interval = 5ms }
            """);

        var (settings, _) = SettingsLoader.Load(_configFile, NoEnvironment, NoFlags);

        Assert.Equal(TimeSpan.FromSeconds(2), settings.Master.StatsTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Controller.DefaultStopTimeout);
        Assert.Equal(50, settings.Slicer.SnapshotEvery);
        Assert.Equal(TimeSpan.FromMilliseconds(5), settings.Slicer.FlushInterval);
        Assert.Equal(new SlicerSettings().CutBatch, settings.Slicer.CutBatch);
    }

    [Fact]
    public void Garbage_collection_should_keep_7_days_and_run_only_when_asked_by_default()
    {
        var (settings, _) = SettingsLoader.Load(null, NoEnvironment, NoFlags);

        Assert.Equal(TimeSpan.FromDays(7), settings.Master.Gc.Retention);
        Assert.Null(settings.Master.Gc.Interval);
    }

    [Fact]
    public void A_config_file_should_set_the_garbage_collections_retention_and_schedule()
    {
        File.WriteAllText(_configFile, "teraslice.gc { retention = 0s, interval = 6h }");

        var (settings, _) = SettingsLoader.Load(_configFile, NoEnvironment, NoFlags);

        Assert.Equal(new GcSettings { Retention = TimeSpan.Zero, Interval = TimeSpan.FromHours(6) }, settings.Master.Gc);
    }

    [Theory]
    [InlineData("teraslice.slicer.snapshot-every = 0", "teraslice.slicer.snapshot-every must be an integer from 1 to 10000000, got \"0\"")]
    [InlineData("teraslice.gc.retention = -1d", "teraslice.gc.retention must be a duration such as 5s or 20ms, got \"-1d\"")]
    [InlineData("teraslice.gc.retention = weekly", "teraslice.gc.retention must be a duration such as 5s or 20ms, got \"weekly\"")]
    [InlineData("teraslice.gc.interval = 0s", "teraslice.gc.interval must be a duration above zero, got \"0s\"")]
    [InlineData("teraslice.gc.interval = nightly", "teraslice.gc.interval must be a duration such as 5s or 20ms, got \"nightly\"")]
    [InlineData("teraslice.controller.top-up-interval = soon", "teraslice.controller.top-up-interval must be a duration such as 5s or 20ms, got \"soon\"")]
    [InlineData("teraslice.master.stats-timeout = 0s", "teraslice.master.stats-timeout must be a duration above zero, got \"0s\"")]
    public void A_bad_tuning_value_should_stop_the_node_naming_the_key(string hocon, string message)
    {
        File.WriteAllText(_configFile, hocon);

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(_configFile, NoEnvironment, NoFlags));

        Assert.Equal(message, error.Message);
    }
}

public sealed class PersistenceHoconSpecs
{
    [Theory]
    [InlineData("Data Source=/tmp/a b/teraslice.db")]
    [InlineData("Host=db;Password=p\"a\\ss;Database=x")]
    public void The_nodes_values_should_reach_every_persistence_key_as_given(string connectionString)
    {
        var config = PersistenceHocon.Values(connectionString, "/data/dir with space/ddata");

        Assert.All(PersistenceHocon.ConnectionStringKeys, key => Assert.Equal(connectionString, config.GetString(key)));
        Assert.All(PersistenceHocon.DistributedDataKeys, key => Assert.Equal("/data/dir with space/ddata", config.GetString(key)));
    }

    [Theory]
    [InlineData(Teraslice.Akka.Master.Storage.StorageProvider.Sqlite, "SQLite.MS")]
    [InlineData(Teraslice.Akka.Master.Storage.StorageProvider.Postgres, "PostgreSQL.15")]
    public void The_file_of_the_storage_should_hold_the_rest(Teraslice.Akka.Master.Storage.StorageProvider storage, string provider)
    {
        var settings = new TerasliceSettings { Storage = storage, ConnectionString = "Data Source=x.db", DataDir = "/tmp/d" };

        var config = TerasliceHostingExtensions.PersistenceConfig(settings);

        Assert.Equal(provider, config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("Data Source=x.db", config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("/tmp/d/ddata", config.GetString("akka.cluster.distributed-data.durable.lmdb.dir"));
    }
}
