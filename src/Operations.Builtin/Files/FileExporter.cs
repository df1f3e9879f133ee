using System.ComponentModel.DataAnnotations;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// <c>file_exporter</c> (file-assets): writes each slice's records to the worker's local
/// filesystem and passes them on unchanged. Its settings are its own (file-assets v2/v3 jobs), or
/// those of the <c>file_sender_api</c> named by <c>_api_name</c> (v4 jobs).
/// </summary>
public sealed class FileExporter : ProcessorDefinition<FileExporterConfig, FileExporterProcessor>
{
    public override string Name => "file_exporter";
    public override string Description => "Writes records to ldjson, json, raw, csv or tsv files (optionally gzip or lz4) on the local filesystem";

    public override IEnumerable<string> ValidateJob(OpConfig config, JobConfig job, int index)
    {
        if (config.ApiName is not { } apiName) yield break;
        var end = apiName.IndexOfAny(['@', ':']);
        if ((end < 0 ? apiName : apiName[..end]) != "file_sender_api")
            yield return $"_api_name: must name a file_sender_api entry of the job's apis, got \"{apiName}\"";
    }
}

/// <summary>The settings of <c>file_exporter</c>: file_sender_api's, or an <c>_api_name</c> instead.</summary>
public sealed record FileExporterConfig : OpConfig, IValidatableObject
{
    /// <summary>The write settings, flat in the op's config; <c>path</c> is required unless <c>_api_name</c> is set.</summary>
    [Flatten]
    public FileWriteSettings Settings { get; init; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiName is null && string.IsNullOrWhiteSpace(Settings.Path))
            yield return new("is required (or set _api_name to a file_sender_api entry of the job's apis)", [nameof(Settings.Path)]);
        if (ApiName is not null && Settings.Path is not null)
            yield return new("must not be set when _api_name is set: the file_sender_api's settings are used", [nameof(Settings.Path)]);
    }
}

public sealed class FileExporterProcessor : BatchProcessor<FileExporterConfig>
{
    private IRouteSender _sender = null!;
    private FileWriteOptions _options = null!;
    private FileSender? _own;

    public override async ValueTask InitializeAsync(CancellationToken ct)
    {
        if (Config.ApiName is { } apiName)
        {
            var api = Context.Apis.Get<FileSenderApi>(apiName);
            _options = api.Options;
            _sender = await api.GetSenderAsync("", ct);
            return;
        }
        _options = FileWriteOptions.From(Config.Settings);
        _sender = _own = new FileSender(_options, _options.Path, Context.WorkerId, Context.Logger);
    }

    public override async ValueTask<List<DataEntity>> OnBatchAsync(List<DataEntity> data, SliceContext slice, CancellationToken ct)
    {
        if (_options.Format == FileFormat.Raw && !data.TrueForAll(RecordEncoder.HasRawData))
        {
            var bad = data.FindAll(r => !RecordEncoder.HasRawData(r));
            data.RemoveAll(r => !RecordEncoder.HasRawData(r));
            foreach (var record in bad)
                RejectRecord(record, new FormatException("format raw writes each record's raw data or its \"data\" field (a string or bytes); this record has neither"));
        }
        await _sender.SendAsync(data, ct);
        return data;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_own is not null) await _own.DisposeAsync();
        await base.DisposeAsync();
    }
}
