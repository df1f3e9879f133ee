using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations.Files;

/// <summary>A record of a file that could not be parsed: where it is (byte position, or -1 when unknown) and why.</summary>
public sealed class FileRecordException(string path, long position, string problem, Exception? inner = null)
    : Exception(position < 0 ? $"{path}: {problem}" : $"{path} at byte {position}: {problem}", inner)
{
    public string Path { get; } = path;
    public long Position { get; } = position;
}

/// <summary>
/// Reads a <see cref="FileSlice"/> and parses its records per <c>format</c>. Records that cannot be
/// parsed are rejected as <c>{data: "the line"}</c> (with the bytes as RawData): by
/// <c>on_reject_action</c> when set, else by <c>_dead_letter_action</c>.
/// </summary>
public sealed class FileReaderFetcher : Fetcher<FileReaderConfig>
{
    /// <summary>The slice counter of rejected records.</summary>
    public const string RejectedCounter = "file_reader.rejected";

    internal const string DataField = "data";

    private byte[] _lineDelimiter = [];
    private CsvOptions _csv = CsvOptions.Default;

    public override ValueTask InitializeAsync(CancellationToken ct)
    {
        _lineDelimiter = Encoding.UTF8.GetBytes(Config.EffectiveLineDelimiter);
        _csv = CsvOptions.From(Config.ExtraArgs);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<List<DataEntity>> FetchAsync(SliceContext slice, CancellationToken ct)
    {
        var request = slice.Request.As<FileSlice>();
        var records = new List<DataEntity>();
        var rejected = 0;
        void Reject(DataEntity record, Exception error)
        {
            rejected++;
            RejectOne(record, error);
        }

        // no FileStream buffer: LineRanges reads in big pooled chunks already
        var file = new FileStream(request.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (var input = FileCompression.OpenRead(file, Config.Compression))
        {
            if (Config.Format == FileFormat.Json)
            {
                await JsonFileReader.ReadAsync(input, request.Path, records, Reject, ct);
            }
            else
            {
                long start = 0, end = long.MaxValue;
                if (!Config.WholeFiles)
                {
                    start = request.Offset;
                    end = request.Offset + request.Length;
                    file.Seek(start, SeekOrigin.Begin);
                }
                var sink = new LineParser(Config, _csv, request.Path, records, Reject);
                await LineRanges.ReadAsync(input, start, end, _lineDelimiter, sink, ct);
                sink.Complete();
            }
        }
        if (rejected > 0) slice.AddCounter(RejectedCounter, rejected);
        return records;
    }

    private void RejectOne(DataEntity record, Exception error)
    {
        switch (Config.OnRejectAction)
        {
            case null:
                RejectRecord(record, error);
                return;
            case "throw":
                throw error;
            case "log":
                Context.Logger.LogWarning(error, "{Op} rejected a record: {Record}", Config.Op, DataEntityJson.Serialize(record));
                return;
            default:
                return;
        }
    }

    /// <summary>The record a line that could not be parsed is rejected as.</summary>
    internal static DataEntity BadRecord(ReadOnlySpan<byte> line) =>
        new(1) { [DataField] = Encoding.UTF8.GetString(line), RawData = line.ToArray() };
}

/// <summary>Turns the lines of a slice into records, per format.</summary>
internal sealed class LineParser : ILineSink
{
    private readonly string _format;
    private readonly string _path;
    private readonly List<DataEntity> _records;
    private readonly Action<DataEntity, Exception> _reject;
    private readonly FileReaderConfig _config;
    private readonly CsvOptions _csv;
    private readonly CsvLineParser? _csvParser;
    private readonly string[] _fieldNames;
    private readonly HashSet<string>? _headerNames;
    private bool _headerSeen;
    // whole files only: a quoted csv field that runs over line ends
    private StringBuilder? _pending;
    private long _pendingPosition;

    public LineParser(FileReaderConfig config, CsvOptions csv, string path, List<DataEntity> records, Action<DataEntity, Exception> reject)
    {
        _config = config;
        _format = config.Format;
        _csv = csv;
        _path = path;
        _records = records;
        _reject = reject;
        _fieldNames = [.. config.Fields];
        if (FileFormat.IsDelimited(_format))
        {
            _csvParser = new CsvLineParser(config.EffectiveFieldDelimiter, csv);
            _headerNames = [.. config.Fields];
        }
    }

    public void OnLine(ReadOnlySpan<byte> line, long position)
    {
        switch (_format)
        {
            case FileFormat.Raw:
                _records.Add(new DataEntity(1) { [FileReaderFetcher.DataField] = Encoding.UTF8.GetString(line), RawData = line.ToArray() });
                return;
            case FileFormat.Ldjson:
                if (IsBlank(line)) return;
                try
                {
                    _records.Add(DataEntityJson.Parse(line));
                }
                catch (JsonException e)
                {
                    _reject(FileReaderFetcher.BadRecord(line), new FileRecordException(_path, position, "not a JSON object: " + e.Message, e));
                }
                return;
            default:
                OnCsvLine(line, position);
                return;
        }
    }

    /// <summary>Called after the last line: a quoted field still open is a bad record.</summary>
    public void Complete()
    {
        if (_pending is null) return;
        var text = _pending.ToString();
        _pending = null;
        _reject(FileReaderFetcher.BadRecord(Encoding.UTF8.GetBytes(text)),
            new FileRecordException(_path, _pendingPosition, "a quoted field is not closed before the end of the file"));
    }

    private void OnCsvLine(ReadOnlySpan<byte> bytes, long position)
    {
        string line;
        if (_pending is not null)
        {
            line = _pending.Append(_config.EffectiveLineDelimiter).Append(Encoding.UTF8.GetString(bytes)).ToString();
            position = _pendingPosition;
            _pending = null;
        }
        else
        {
            if (IsBlank(bytes)) return;
            line = Encoding.UTF8.GetString(bytes);
        }
        switch (_csvParser!.Parse(line))
        {
            case CsvLineResult.Unterminated when _config.WholeFiles:
                // the record goes on on the next line (RFC 4180 allows line breaks in quotes)
                _pending = new StringBuilder(line);
                _pendingPosition = position;
                return;
            case CsvLineResult.Unterminated:
                _reject(BadLine(line), new FileRecordException(_path, position,
                    "a quoted field is not closed on its line (line breaks inside quotes need file_per_slice: true)"));
                return;
            case CsvLineResult.Invalid:
                _reject(BadLine(line), new FileRecordException(_path, position, _csvParser.Error!));
                return;
        }
        var fields = _csvParser.Fields;
        if (_config.RemoveHeader && !_headerSeen && IsHeader(fields))
        {
            _headerSeen = true;
            return;
        }
        var record = new DataEntity(fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            var (value, quoted) = fields[i];
            if (_config.IgnoreEmpty && value.Length == 0) continue;
            var name = i < _fieldNames.Length ? _fieldNames[i] : "field" + (i + 1); // csvtojson's names for columns without one
            record.Set(name, _csv.CheckType && !quoted ? CsvLineParser.ConvertType(value) : value);
        }
        _records.Add(record);
    }

    /// <summary>Upstream's header test: the row's values are its column names (in any order).</summary>
    private bool IsHeader(List<(string Value, bool Quoted)> fields)
    {
        if (_headerNames is null || _headerNames.Count == 0 || fields.Count != _fieldNames.Length) return false;
        // cheap test first: most data rows fail here
        if (!_headerNames.Contains(fields[0].Value)) return false;
        var values = fields.Select(f => f.Value).Order(StringComparer.Ordinal);
        return values.SequenceEqual(_fieldNames.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static DataEntity BadLine(string line) =>
        new(1) { [FileReaderFetcher.DataField] = line, RawData = Encoding.UTF8.GetBytes(line) };

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }
}

/// <summary>
/// Reads a json-format file: one JSON object, or an array of objects streamed element by element.
/// Elements that are not objects are rejected; a file that is not JSON fails the slice (as upstream's
/// JSON.parse does).
/// </summary>
internal static class JsonFileReader
{
    public static async ValueTask ReadAsync(Stream input, string path, List<DataEntity> records, Action<DataEntity, Exception> reject, CancellationToken ct)
    {
        // look at the first non-blank byte to tell an array from an object, then hand the bytes back
        var head = new byte[4096];
        int read, first = -1, filled = 0;
        while (first < 0 && (read = await input.ReadAsync(head.AsMemory(filled), ct)) > 0)
        {
            for (var i = filled; i < filled + read; i++)
                if (head[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) { first = i; break; }
            filled += read;
            if (first < 0) filled = 0; // all blank so far: drop it
        }
        if (first < 0) return; // an empty (or blank) file has no records
        await using var stream = new PrefixedStream(head.AsMemory(first, filled - first), input);
        try
        {
            if (head[first] == (byte)'[')
            {
                var index = 0L;
                await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: ct))
                {
                    if (element.ValueKind == JsonValueKind.Object) records.Add(DataEntityJson.Parse(JsonMarshal.GetRawUtf8Value(element)));
                    else reject(new DataEntity(1) { [FileReaderFetcher.DataField] = element.GetRawText() },
                        new FileRecordException(path, -1, $"element {index} of the array is {element.ValueKind}, not an object"));
                    index++;
                }
            }
            else
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new JsonException($"the file holds a {document.RootElement.ValueKind}, not an object or an array of objects");
                records.Add(DataEntityJson.Parse(JsonMarshal.GetRawUtf8Value(document.RootElement)));
            }
        }
        catch (JsonException e)
        {
            throw new FileRecordException(path, -1, "not a valid json file: " + e.Message, e);
        }
    }

    /// <summary>Some bytes already read, then the rest of a stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty) return rest.ReadAsync(buffer, cancellationToken);
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
