using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Operations;

/// <summary>The top-level fields of a job, with Teraslice's names, defaults and rules.</summary>
public sealed record JobConfig
{
    public const string Once = "once";
    public const string Persistent = "persistent";

    [NonEmpty]
    public string Name { get; init; } = "Custom Job";

    [OneOf(Once, Persistent)]
    public string Lifecycle { get; init; } = Once;

    /// <summary>Worker slots for the execution; null means the default (min(cores, 5)), filled by the validator.</summary>
    [Positive]
    public int? Workers { get; init; }

    /// <summary>Parallel slicers (each cuts its own part of the work).</summary>
    [Positive]
    public int Slicers { get; init; } = 1;

    /// <summary>Reader first, then processors (validated separately, each against its own schema).</summary>
    public JsonArray Operations { get; init; } = [];

    public JsonArray Apis { get; init; } = [];

    public List<string>? Assets { get; init; }

    public bool Analytics { get; init; } = true;

    public bool Active { get; init; } = true;

    public bool Autorecover { get; init; }

    /// <summary>In-worker retries of a failing slice.</summary>
    [NonNegative]
    public int MaxRetries { get; init; } = 3;

    /// <summary>How long a failing persistent execution must progress without errors to be running again (ms).</summary>
    [JsonConverter(typeof(DurationMillisecondsConverter))]
    [NonNegative]
    public long ProbationWindow { get; init; } = 300_000;

    [OneOf("trace", "debug", "info", "warn", "error", "fatal")]
    public string? LogLevel { get; init; }

    public Dictionary<string, string>? EnvVars { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public bool Stateful { get; init; }
}
