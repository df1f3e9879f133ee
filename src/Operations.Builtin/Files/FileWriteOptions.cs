namespace Teraslice.Akka.Operations.Files;

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
    public static FileWriteOptions From(FileWriteSettings settings) => new(
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
}
