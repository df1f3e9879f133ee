using System.Collections.Concurrent;

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

/// <summary>The settings of <c>file_sender_api</c>: file_exporter's, <c>path</c> required.</summary>
public sealed record FileSenderApiConfig : ApiConfig
{
    /// <summary>The write settings, flat in the api's config.</summary>
    [Flatten(Required = [nameof(FileWriteSettings.Path)])]
    public FileWriteSettings Settings { get; init; } = new();
}

public sealed class FileSenderApi : OperationApi<FileSenderApiConfig>, ISenderApi
{
    private readonly ConcurrentDictionary<string, FileSender> _senders = new(StringComparer.Ordinal);
    private FileWriteOptions? _options;

    /// <summary>The settings in force (defaults resolved).</summary>
    public FileWriteOptions Options => _options ??= FileWriteOptions.From(Config.Settings);

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
