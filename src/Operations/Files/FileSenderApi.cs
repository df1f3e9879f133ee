using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// <c>file_sender_api</c> (file-assets): the file writer behind <c>file_exporter</c>, shared by the
/// operations of a worker. A sender's destination is a folder inside <c>path</c> (as upstream's
/// dynamic routing joins a record's route onto <c>path</c>); the empty destination is <c>path</c>.
/// </summary>
public sealed class FileSenderApiDefinition : ApiDefinition<FileSenderApiConfig, FileSenderApi>
{
    public override string Name => "file_sender_api";
    public override string Description => "Writes records to files on the local filesystem (the api behind file_exporter)";
}

/// <summary>The settings of <c>file_sender_api</c>; defaults are file-assets'.</summary>
public sealed record FileSenderApiConfig : ApiConfig, IFileWriteSettings, IValidatableObject
{
    /// <summary>The directory files are written to (created if missing).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required")]
    public string? Path { get; init; }

    [OneOf(FileFormat.Ldjson, FileFormat.Json, FileFormat.Raw, FileFormat.Csv, FileFormat.Tsv)]
    public string Format { get; init; } = FileFormat.Ldjson;

    public string? Extension { get; init; }

    [OneOf(FileCompression.None, FileCompression.Gzip, FileCompression.Lz4)]
    public string Compression { get; init; } = FileCompression.None;

    public IReadOnlyList<string> Fields { get; init; } = [];

    public string? FieldDelimiter { get; init; }

    public string? LineDelimiter { get; init; }

    public bool FilePerSlice { get; init; }

    public bool IncludeHeader { get; init; }

    /// <summary>Accepted for compatibility; has no effect (each send writes one local file in sequence).</summary>
    [Positive]
    public int Concurrency { get; init; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => FileWriteOptions.Validate(this);
}

public sealed class FileSenderApi : OperationApi<FileSenderApiConfig>, ISenderApi
{
    private readonly ConcurrentDictionary<string, FileSender> _senders = new(StringComparer.Ordinal);
    private FileWriteOptions? _options;

    /// <summary>The settings in force (defaults resolved).</summary>
    public FileWriteOptions Options => _options ??= FileWriteOptions.From(Config);

    public ValueTask<IRouteSender> GetSenderAsync(string destination, CancellationToken ct)
    {
        var directory = ResolveDirectory(Options.Path, destination);
        IRouteSender sender = _senders.GetOrAdd(directory, d => new FileSender(Options, d, Context.WorkerId, Context.Logger));
        return ValueTask.FromResult(sender);
    }

    /// <summary><paramref name="destination"/> as a folder inside <paramref name="root"/>; it may not leave it.</summary>
    internal static string ResolveDirectory(string root, string destination)
    {
        if (string.IsNullOrEmpty(destination)) return root;
        var segments = destination.Split('/', '\\');
        if (System.IO.Path.IsPathRooted(destination) || segments.Any(s => s is ".."))
            throw new ArgumentException($"file_sender_api: the destination \"{destination}\" must be a folder inside path (relative, without \"..\")", nameof(destination));
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(root, destination));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values) await sender.DisposeAsync();
        _senders.Clear();
        await base.DisposeAsync();
    }
}
