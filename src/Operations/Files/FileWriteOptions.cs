using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Files;

/// <summary>The settings file_exporter and file_sender_api share (upstream's commonSchema).</summary>
public interface IFileWriteSettings
{
    string? Path { get; }
    string Format { get; }
    string? Extension { get; }
    string Compression { get; }
    IReadOnlyList<string> Fields { get; }
    string? FieldDelimiter { get; }
    string? LineDelimiter { get; }
    bool FilePerSlice { get; }
    bool IncludeHeader { get; }
    int Concurrency { get; }
}

/// <summary>Write settings with their defaults resolved, as a sender uses them.</summary>
public sealed record FileWriteOptions(
    string Path,
    string Format,
    string? Extension,
    string Compression,
    IReadOnlyList<string> Fields,
    string FieldDelimiter,
    string LineDelimiter,
    bool FilePerSlice,
    bool IncludeHeader)
{
    public static FileWriteOptions From(IFileWriteSettings settings) => new(
        System.IO.Path.GetFullPath(settings.Path!),
        settings.Format,
        settings.Extension,
        settings.Compression,
        settings.Fields,
        FileFormat.FieldDelimiter(settings.Format, settings.FieldDelimiter),
        FileFormat.LineDelimiter(settings.LineDelimiter),
        settings.FilePerSlice,
        settings.IncludeHeader);

    /// <summary>The extension of written files: the configured one (a dot added if missing), else the format's and the compression's.</summary>
    public string FileExtension =>
        !string.IsNullOrEmpty(Extension)
            ? (Extension.StartsWith('.') ? Extension : "." + Extension)
            : (Format == FileFormat.Raw ? "" : "." + Format) + FileCompression.Extension(Compression);

    /// <summary>Cross-field rules (upstream's sender constructor checks), as validation results naming the field.</summary>
    public static IEnumerable<ValidationResult> Validate(IFileWriteSettings s)
    {
        if (s.Format == FileFormat.Json && !s.FilePerSlice)
            yield return new("must be true when format is json (a file holds one JSON array)", [nameof(s.FilePerSlice)]);
        if (s.Compression != FileCompression.None && !s.FilePerSlice)
            yield return new($"must be true when compression is {s.Compression} (compressed data cannot be appended to)", [nameof(s.FilePerSlice)]);
        if (s.LineDelimiter is { Length: 0 })
            yield return new("must not be empty", [nameof(s.LineDelimiter)]);
        if (s.FieldDelimiter is { Length: 0 })
            yield return new("must not be empty", [nameof(s.FieldDelimiter)]);
        if (s.Format == FileFormat.Tsv && s.FieldDelimiter is not null and not "\t")
            yield return new("must be \"\\t\" (or left out) when format is tsv", [nameof(s.FieldDelimiter)]);
        if (s.Fields.Any(string.IsNullOrEmpty))
            yield return new("must be non-empty field names", [nameof(s.Fields)]);
        if (s.Extension is { } e && (e.Contains('/') || e.Contains('\\')))
            yield return new("must not contain a path separator", [nameof(s.Extension)]);
    }
}
