using System.Text.Json;
using System.Text.Json.Serialization;

namespace Teraslice.Akka;

/// <summary>
/// A job as a user wrote it (the body of POST /jobs or PUT /jobs/{id}): a JSON object, checked
/// once where it comes in (the API or a client), carried as such to the master that validates it.
/// </summary>
[JsonConverter(typeof(JsonRecordConverter))]
public sealed class JobSpec : JsonRecord, IJsonRecord<JobSpec>
{
    private JobSpec(string json, JsonElement doc) : base(json)
    {
        HasJobId = doc.TryGetProperty("job_id", out _);
        HasOperations = doc.TryGetProperty("operations", out var operations) && operations.ValueKind != JsonValueKind.Null;
        IsEmpty = !doc.EnumerateObject().Any();
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

    /// <exception cref="FormatException">Not a JSON object.</exception>
    public static JobSpec Parse(string json) => Read(json, static (text, doc) => new JobSpec(text, doc));
}
