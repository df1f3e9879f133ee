using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Operations;

/// <summary>
/// The settings every operation has (Teraslice's op schema). An operation's own config derives
/// from this record, adds init-only properties with defaults (snake_case on the wire) and
/// validation attributes (System.ComponentModel.DataAnnotations and the ones in this namespace);
/// settings it shares with other configs come in a <see cref="FlattenAttribute"/> record.
/// </summary>
public record OpConfig
{
    /// <summary>The operation's name, optionally pinned to an asset: <c>name@asset[:version]</c>.</summary>
    [JsonPropertyName("_op")]
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required")]
    public string Op { get; init; } = "";

    /// <summary><c>json</c> (default) or <c>raw</c>: how readers decode and senders encode records.</summary>
    [JsonPropertyName("_encoding")]
    [OneOf("json", "raw")]
    public string Encoding { get; init; } = "json";

    /// <summary>What to do with a record an operation rejects: <c>throw</c> (default), <c>log</c>, <c>none</c>, or an API name.</summary>
    [JsonPropertyName("_dead_letter_action")]
    public string DeadLetterAction { get; init; } = "throw";

    /// <summary>The name of an entry of the job's <c>apis</c> this operation uses.</summary>
    [JsonPropertyName("_api_name")]
    public string? ApiName { get; init; }
}

/// <summary>An operation without settings of its own.</summary>
public sealed record EmptyOpConfig : OpConfig;

/// <summary>The settings every entry of a job's <c>apis</c> has (Teraslice's API schema).</summary>
public record ApiConfig
{
    /// <summary>The API's name, optionally with a tag for a second instance (<c>name:tag</c>) and an asset pin.</summary>
    [JsonPropertyName("_name")]
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required")]
    public string Name { get; init; } = "";

    [JsonPropertyName("_encoding")]
    [OneOf("json", "raw")]
    public string Encoding { get; init; } = "json";

    [JsonPropertyName("_dead_letter_action")]
    public string DeadLetterAction { get; init; } = "throw";
}
