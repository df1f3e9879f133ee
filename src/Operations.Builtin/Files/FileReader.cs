using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// <c>file_reader</c> (file-assets): reads the files under <c>path</c> on the workers' local
/// filesystem. The slicer cuts each file into byte ranges of <c>size</c> (or one slice per file)
/// as <c>{path, offset, length, total}</c>; the fetcher reads a range and parses it per
/// <c>format</c>. A line belongs to the range its first byte is in, so ranges that cut lines
/// neither lose nor double one.
/// </summary>
public sealed class FileReader : ReaderDefinition<FileReaderConfig, FileReaderSlicer, FileReaderFetcher>
{
    public override string Name => "file_reader";
    public override string Description => "Reads ldjson, json, raw, csv or tsv files (optionally gzip or lz4) from the local filesystem";

    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        if (job.Lifecycle != JobConfig.Once)
            yield return "lifecycle: file_reader reads a fixed set of files, so the job's lifecycle must be once";
    }
}

/// <summary>The settings of <c>file_reader</c>; defaults are file-assets'.</summary>
public sealed record FileReaderConfig : OpConfig, IValidatableObject
{
    /// <summary>A file, or a directory read recursively (names starting with a dot are skipped).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required")]
    public string Path { get; init; } = "";

    /// <summary>Bytes per slice when files are cut into ranges.</summary>
    [Positive]
    public long Size { get; init; } = 10_000_000;

    [OneOf(FileFormat.Ldjson, FileFormat.Json, FileFormat.Raw, FileFormat.Csv, FileFormat.Tsv)]
    public string Format { get; init; } = FileFormat.Ldjson;

    [OneOf(FileCompression.None, FileCompression.Gzip, FileCompression.Lz4)]
    public string Compression { get; init; } = FileCompression.None;

    /// <summary>One slice per file instead of byte ranges (needed for compressed files; json always is).</summary>
    public bool FilePerSlice { get; init; }

    /// <summary>csv/tsv: the column names in file order (columns past them are named field1, field2 …).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>csv: between fields (default <c>,</c>); tsv: only <c>\t</c>.</summary>
    public string? FieldDelimiter { get; init; }

    /// <summary>Between records (default <c>\n</c>).</summary>
    public string? LineDelimiter { get; init; }

    /// <summary>csv/tsv: drops the first row of a slice whose values are its column names.</summary>
    public bool RemoveHeader { get; init; } = true;

    /// <summary>csv/tsv: leaves empty values out of the record.</summary>
    public bool IgnoreEmpty { get; init; } = true;

    /// <summary>csv/tsv parsing options: <c>quote</c> (a character, or "off"), <c>trim</c> (true), <c>checkType</c> (false).</summary>
    public JsonObject? ExtraArgs { get; init; }

    /// <summary>What a record that cannot be parsed does: throw, log or none; unset, <c>_dead_letter_action</c> decides.</summary>
    [OneOf("throw", "log", "none")]
    public string? OnRejectAction { get; init; }

    [JsonIgnore]
    public string EffectiveLineDelimiter => FileFormat.LineDelimiter(LineDelimiter);

    [JsonIgnore]
    public string EffectiveFieldDelimiter => FileFormat.FieldDelimiter(Format, FieldDelimiter);

    /// <summary>Whether each file is one slice (file_per_slice, json, or any compression).</summary>
    [JsonIgnore]
    public bool WholeFiles => FilePerSlice || Format == FileFormat.Json || Compression != FileCompression.None;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Compression != FileCompression.None && !FilePerSlice)
            yield return new($"must be true when compression is {Compression} (a compressed file cannot be cut into byte ranges)", [nameof(FilePerSlice)]);
        if (LineDelimiter is { Length: 0 })
            yield return new("must not be empty", [nameof(LineDelimiter)]);
        if (FieldDelimiter is { Length: 0 })
            yield return new("must not be empty", [nameof(FieldDelimiter)]);
        if (Format == FileFormat.Tsv && FieldDelimiter is not null and not "\t")
            yield return new("must be \"\\t\" (or left out) when format is tsv", [nameof(FieldDelimiter)]);
        if (!WholeFiles && Size <= System.Text.Encoding.UTF8.GetByteCount(EffectiveLineDelimiter))
            yield return new("must be larger than the line_delimiter", [nameof(Size)]);
        if (!WholeFiles && OverlapsItself(System.Text.Encoding.UTF8.GetBytes(EffectiveLineDelimiter)))
            yield return new("can overlap itself (like \"||\"), so a byte range cannot tell where its first line starts; use file_per_slice: true", [nameof(LineDelimiter)]);
        if (Fields.Any(string.IsNullOrEmpty))
            yield return new("must be non-empty column names", [nameof(Fields)]);
        foreach (var problem in CsvOptions.Problems(ExtraArgs, EffectiveFieldDelimiter, EffectiveLineDelimiter))
            yield return new(problem, [nameof(ExtraArgs)]);
    }

    /// <summary>Whether a start of the delimiter is also its end ("||", "abab"): then where a match starts depends on where the scan began.</summary>
    private static bool OverlapsItself(byte[] delimiter)
    {
        for (var k = 1; k < delimiter.Length; k++)
            if (delimiter.AsSpan(0, k).SequenceEqual(delimiter.AsSpan(delimiter.Length - k))) return true;
        return false;
    }
}

/// <summary>A file_reader slice request (upstream's FileSlice): read <c>length</c> bytes of <c>path</c> from <c>offset</c>; <c>total</c> is the file's size.</summary>
public sealed record FileSlice(string Path, long Offset, long Length, long Total);
