using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Protocol.Records;

/// <summary>
/// A job as a user wrote it (the body of POST /jobs or PUT /jobs/{id}): a JSON object, checked
/// once where it comes in (the API or a client), carried as such to the master that validates it.
/// </summary>
[JsonConverter(typeof(JobSpecConverter))]
public sealed class JobSpec : JsonRecord
{
    private JobSpec(string json, JsonElement doc) : base(json)
    {
        HasJobId = doc.TryGetProperty("job_id", out _);
        HasOperations = doc.TryGetProperty("operations", out var operations) && operations.ValueKind != JsonValueKind.Null;
        IsEmpty = !doc.EnumerateObject().Any();
        Name = String(doc, "name");
        Deactivates = !Bool(doc, "active", absent: true);
    }

    /// <summary>It names a job_id (a submitted job may not: the cluster chooses it).</summary>
    public bool HasJobId { get; }

    /// <summary>It has a non-null operations field.</summary>
    public bool HasOperations { get; }

    /// <summary>It has no field at all.</summary>
    public bool IsEmpty { get; }

    /// <summary>It sets active to false.</summary>
    public bool Deactivates { get; }

    /// <summary>Its name, when it is a string.</summary>
    public string? Name { get; }

    /// <exception cref="FormatException">Not a JSON object.</exception>
    public static JobSpec Parse(string json) => Read(json, static (text, doc) => new JobSpec(text, doc));

    public static JobSpec From(JsonObject document) => Parse(TextOf(document));

    private sealed class JobSpecConverter() : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(JobSpec);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) => new Converter<JobSpec>(Parse);
    }
}
