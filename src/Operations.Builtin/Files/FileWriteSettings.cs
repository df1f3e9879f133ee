using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// The settings file_exporter and file_sender_api share (upstream's commonSchema), defaults
/// file-assets'. Each config holds them as a <see cref="FlattenAttribute"/> property, so they sit
/// flat in its JSON; whether <c>path</c> is required is the config's rule.
/// </summary>
public sealed record FileWriteSettings : IValidatableObject
{
    /// <summary>The directory files are written to (created if missing).</summary>
    public string? Path { get; init; }

    /// <summary><c>ldjson</c> (default), <c>json</c>, <c>raw</c>, <c>csv</c> or <c>tsv</c>.</summary>
    [OneOf(FileFormat.Ldjson, FileFormat.Json, FileFormat.Raw, FileFormat.Csv, FileFormat.Tsv)]
    public string Format { get; init; } = FileFormat.Ldjson;

    /// <summary>Replaces the default extension (format + compression); a leading dot is added if missing.</summary>
    public string? Extension { get; init; }

    /// <summary><c>none</c> (default), <c>gzip</c> or <c>lz4</c>; anything but none needs <c>file_per_slice</c>.</summary>
    [OneOf(FileCompression.None, FileCompression.Gzip, FileCompression.Lz4)]
    public string Compression { get; init; } = FileCompression.None;

    /// <summary>Which fields are written, in this order (ldjson/json/csv/tsv); all when empty.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>csv/tsv: between fields (default <c>,</c>; tsv only <c>\t</c>).</summary>
    public string? FieldDelimiter { get; init; }

    /// <summary>After every record (default <c>\n</c>).</summary>
    public string? LineDelimiter { get; init; }

    /// <summary>A new file per slice (<c>{worker}.{n}{ext}</c>) instead of one file per worker.</summary>
    public bool FilePerSlice { get; init; }

    /// <summary>csv/tsv: column names as the first row of each new file.</summary>
    public bool IncludeHeader { get; init; }

    /// <summary>Accepted for compatibility; has no effect (each send writes one local file in sequence).</summary>
    [Positive]
    public int Concurrency { get; init; } = 10;

    /// <summary>Cross-field rules (upstream's sender constructor checks), as validation results naming the field.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Format == FileFormat.Json && !FilePerSlice)
            yield return new("must be true when format is json (a file holds one JSON array)", [nameof(FilePerSlice)]);
        if (Compression != FileCompression.None && !FilePerSlice)
            yield return new($"must be true when compression is {Compression} (compressed data cannot be appended to)", [nameof(FilePerSlice)]);
        if (LineDelimiter is { Length: 0 })
            yield return new("must not be empty", [nameof(LineDelimiter)]);
        if (FieldDelimiter is { Length: 0 })
            yield return new("must not be empty", [nameof(FieldDelimiter)]);
        if (Format == FileFormat.Tsv && FieldDelimiter is not null and not "\t")
            yield return new("must be \"\\t\" (or left out) when format is tsv", [nameof(FieldDelimiter)]);
        if (Fields.Any(string.IsNullOrEmpty))
            yield return new("must be non-empty field names", [nameof(Fields)]);
        if (Extension is { } e && (e.Contains('/') || e.Contains('\\')))
            yield return new("must not contain a path separator", [nameof(Extension)]);
    }
}
