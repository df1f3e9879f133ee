using System.Collections;
using System.Text;
using Akka.Configuration;
using Teraslice.Akka.Master.Cluster;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Hosting;
using Teraslice.Akka.Master.Slicing;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol;

namespace Teraslice.Akka.Node.Configuration;

/// <summary>A setting is missing or wrong; the message names the key, its flag and its variable.</summary>
public sealed class SettingsException(string message) : Exception(message);

/// <summary>
/// Reads the node's settings with one precedence order, lowest first: hocon/teraslice.conf
/// (built in) &lt; the HOCON file given with --config &lt; TERASLICE_* environment variables &lt;
/// command-line flags.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Every setting: its HOCON key under <c>teraslice</c>, and whether it is a list.</summary>
    public static readonly IReadOnlyList<(string Key, bool IsList)> Keys =
    [
        ("cluster-name", false), ("hostname", false), ("public-hostname", false), ("api-port", false), ("api", false), ("remote-port", false),
        ("seed-nodes", true), ("roles", true), ("workers", false), ("data-dir", false), ("storage", false),
        ("connection-string", false), ("node-id", false), ("autoload-dir", false),
    ];

    public static string EnvironmentVariable(string key) => "TERASLICE_" + key.Replace('-', '_').ToUpperInvariant();

    public static string Flag(string key) => "--" + key;

    /// <summary>The built-in defaults (hocon/teraslice.conf).</summary>
    public static Config Defaults => ConfigurationFactory.ParseString(EmbeddedHocon.Read("teraslice.conf"));

    /// <param name="configFile">A HOCON file (--config), or null.</param>
    /// <param name="environment">Environment variables (only TERASLICE_* are read).</param>
    /// <param name="flags">Values given on the command line, by key.</param>
    /// <returns>The settings and the user's HOCON file (for akka.* keys), or an empty config.</returns>
    public static (TerasliceSettings Settings, Config UserConfig) Load(
        string? configFile, IDictionary environment, IReadOnlyDictionary<string, string> flags)
    {
        var user = Config.Empty;
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            if (!File.Exists(configFile)) throw new SettingsException($"--config: the file \"{configFile}\" does not exist");
            try
            {
                user = ConfigurationFactory.ParseString(File.ReadAllText(configFile));
            }
            catch (Exception e) when (e is not SettingsException)
            {
                throw new SettingsException($"--config: \"{configFile}\" is not valid HOCON: {e.Message}");
            }
        }

        var overrides = new StringBuilder();
        foreach (var (key, isList) in Keys)
        {
            string? value = null;
            if (environment[EnvironmentVariable(key)] is string fromEnv) value = fromEnv;
            if (flags.TryGetValue(key, out var fromFlag)) value = fromFlag;
            if (value is null) continue;
            overrides.Append("teraslice.").Append(key).Append(" = ");
            if (isList)
            {
                var items = value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                overrides.Append('[').Append(string.Join(", ", items.Select(HoconText.Quote))).Append(']');
            }
            else
            {
                overrides.Append(HoconText.Quote(value));
            }
            overrides.Append('\n');
        }

        var config = ConfigurationFactory.ParseString(overrides.ToString()).WithFallback(user).WithFallback(Defaults);
        return (Bind(config.GetConfig("teraslice")), user);
    }

    private static TerasliceSettings Bind(Config c)
    {
        var roles = List(c, "roles");
        if (roles.Count == 0 || roles.Any(r => r is not ("master" or "worker")))
            throw Problem("roles", "must name one or both of: master, worker", string.Join(",", roles));

        var storage = Text(c, "storage").ToLowerInvariant() switch
        {
            "sqlite" => StorageProvider.Sqlite,
            "postgres" or "postgresql" => StorageProvider.Postgres,
            var other => throw Problem("storage", "must be sqlite or postgres", other),
        };
        var connectionString = Text(c, "connection-string");
        if (storage == StorageProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw Problem("connection-string", "is required when storage is postgres (an Npgsql connection string)", "");

        var api = Text(c, "api").ToLowerInvariant() switch
        {
            "auto" => ApiMode.Auto,
            "on" or "true" => ApiMode.On,
            "off" or "false" => ApiMode.Off,
            var other => throw Problem("api", "must be on, off or auto", other),
        };

        var hostname = Text(c, "hostname");
        if (string.IsNullOrWhiteSpace(hostname)) throw Problem("hostname", "must not be empty", hostname);
        var remotePort = Port(c, "remote-port");
        var workers = Int(c, "workers", 0, 1024);
        var nodeId = Text(c, "node-id");
        var clusterName = Text(c, "cluster-name");
        if (string.IsNullOrWhiteSpace(clusterName)) throw Problem("cluster-name", "must not be empty", clusterName);
        var dataDir = Text(c, "data-dir");
        if (string.IsNullOrWhiteSpace(dataDir)) throw Problem("data-dir", "must not be empty", dataDir);
        var autoloadDir = Text(c, "autoload-dir").Trim();
        if (autoloadDir.Length > 0 && !Directory.Exists(autoloadDir))
            throw Problem("autoload-dir", "must be an existing folder (or empty for none)", autoloadDir);

        return new TerasliceSettings
        {
            ClusterName = clusterName,
            Hostname = hostname,
            PublicHostname = Text(c, "public-hostname") is { Length: > 0 } publicHostname ? publicHostname : hostname,
            ApiPort = Port(c, "api-port"),
            Api = api,
            RemotePort = remotePort,
            SeedNodes = List(c, "seed-nodes").Select(SeedAddress).ToList(),
            Roles = roles,
            Workers = workers == 0 ? Environment.ProcessorCount : workers,
            DataDir = dataDir,
            Storage = storage,
            ConnectionString = connectionString,
            NodeId = string.IsNullOrWhiteSpace(nodeId) ? $"{Environment.MachineName}:{remotePort}" : nodeId,
            AutoloadDir = autoloadDir,
            Master = new MasterSettings
            {
                NodeStaleAfter = Duration(c, "master.node-stale-after"),
                ReservationTimeout = Duration(c, "master.reservation-timeout"),
                StatsTimeout = Duration(c, "master.stats-timeout"),
                Gc = new GcSettings
                {
                    Retention = Duration(c, "gc.retention", allowZero: true),
                    Interval = OptionalDuration(c, "gc.interval"),
                },
            },
            Controller = new ControllerSettings
            {
                TopUpInterval = Duration(c, "controller.top-up-interval"),
                WorkerRequestTimeout = Duration(c, "controller.worker-request-timeout"),
                StatsWriteInterval = Duration(c, "controller.stats-write-interval"),
                SlicerAttachRetry = Duration(c, "controller.slicer-attach-retry"),
                DefaultStopTimeout = Duration(c, "controller.default-stop-timeout"),
            },
            Slicer = new SlicerSettings
            {
                FlushInterval = Duration(c, "slicer.flush-interval"),
                FlushAtCount = Int(c, "slicer.flush-at-count", 1, 1_000_000),
                DefaultMaxQueueLength = Int(c, "slicer.default-max-queue-length", 1, 10_000_000),
                CutBatch = Int(c, "slicer.cut-batch", 1, 1_000_000),
                SnapshotEvery = Int(c, "slicer.snapshot-every", 1, 10_000_000),
                StatusInterval = Duration(c, "slicer.status-interval"),
                IdleRetry = Duration(c, "slicer.idle-retry"),
                TerminalIdle = Duration(c, "slicer.terminal-idle"),
                MaxCreditsPerWorker = Int(c, "slicer.max-credits-per-worker", 1, 100_000),
            },
        };
    }

    /// <summary>A positive HOCON duration (5s, 20ms, 1m); zero too when <paramref name="allowZero"/>.</summary>
    private static TimeSpan Duration(Config c, string key, bool allowZero = false)
    {
        TimeSpan value;
        try
        {
            value = c.GetTimeSpan(key, null, allowInfinite: false);
        }
        catch (Exception)
        {
            throw Tuning(key, "must be a duration such as 5s or 20ms", Text(c, key));
        }
        if (allowZero)
            return value >= TimeSpan.Zero ? value : throw Tuning(key, "must be a duration of zero or more", Text(c, key));
        return value > TimeSpan.Zero ? value : throw Tuning(key, "must be a duration above zero", Text(c, key));
    }

    /// <summary>A positive HOCON duration, or null for off (also false or empty).</summary>
    private static TimeSpan? OptionalDuration(Config c, string key) =>
        Text(c, key).Trim().ToLowerInvariant() is "off" or "false" or "" ? null : Duration(c, key);

    /// <summary>host:port → akka.tcp://teraslice@host:port; full addresses pass through.</summary>
    private static string SeedAddress(string seed)
    {
        if (seed.StartsWith("akka.tcp://", StringComparison.Ordinal)) return seed;
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw Problem("seed-nodes", "must be host:port or akka.tcp://teraslice@host:port", seed);
        return $"akka.tcp://{TerasliceNames.ActorSystem}@{seed[..colon]}:{port}";
    }

    private static string Text(Config c, string key)
    {
        try
        {
            return c.GetString(key) ?? "";
        }
        catch (Exception e)
        {
            throw Problem(key, "must be a text", e.Message);
        }
    }

    private static IReadOnlyList<string> List(Config c, string key)
    {
        try
        {
            return c.GetStringList(key).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        }
        catch (Exception)
        {
            var text = Text(c, key);
            return text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    private static int Int(Config c, string key, int min, int max)
    {
        var text = Text(c, key);
        if (!int.TryParse(text, out var value) || value < min || value > max)
            throw key.Contains('.') ? Tuning(key, $"must be an integer from {min} to {max}", text) : Problem(key, $"must be an integer from {min} to {max}", text);
        return value;
    }

    // tuning keys are HOCON only: no flag or variable to name
    private static SettingsException Tuning(string key, string problem, string value) => new($"teraslice.{key} {problem}, got \"{value}\"");

    private static int Port(Config c, string key) => Int(c, key, 0, 65535) is var port ? port : 0;

    private static SettingsException Problem(string key, string problem, string value) =>
        new($"teraslice.{key} ({Flag(key)}, {EnvironmentVariable(key)}) {problem}, got \"{value}\"");
}

/// <summary>The HOCON files of hocon/, embedded in the node.</summary>
public static class EmbeddedHocon
{
    public static string Read(string fileName)
    {
        using var stream = typeof(EmbeddedHocon).Assembly.GetManifestResourceStream("hocon." + fileName)
            ?? throw new InvalidOperationException($"hocon/{fileName} is not embedded in the node");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
