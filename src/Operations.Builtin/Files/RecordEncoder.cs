using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// Writes records in a file format into a stream through one reused buffer (drained every
/// <see cref="DrainAt"/> bytes). Formats follow file-assets' Formatter: ldjson one object per line;
/// json one array per file; raw each record's bytes; csv/tsv rows as json2csv writes them.
/// Not thread-safe: a sender writes one slice at a time.
/// </summary>
internal sealed class RecordEncoder
{
    private const int DrainAt = 256 * 1024;
    private static readonly JsonWriterOptions Compact = new() { SkipValidation = true };

    private readonly FileWriteOptions _options;
    private readonly ArrayBufferWriter<byte> _buffer = new(DrainAt + 64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _line;
    private readonly StringBuilder _row = new();

    public RecordEncoder(FileWriteOptions options)
    {
        _options = options;
        _json = new Utf8JsonWriter(_buffer, Compact);
        _line = Encoding.UTF8.GetBytes(options.LineDelimiter);
    }

    /// <summary>A record raw format can write: one with RawData or a string or bytes <c>data</c> field.</summary>
    public static bool HasRawData(DataEntity record) =>
        record.RawData is not null || record.Get(FileReaderFetcher.DataField) is string or byte[];

    /// <param name="header">csv/tsv: write the column names first.</param>
    public async ValueTask WriteAsync(IReadOnlyList<DataEntity> records, Stream target, bool header, CancellationToken ct)
    {
        _buffer.ResetWrittenCount();
        try
        {
            switch (_options.Format)
            {
                case FileFormat.Json:
                    await WriteJsonArrayAsync(records, target, ct);
                    break;
                case FileFormat.Csv or FileFormat.Tsv:
                    await WriteDelimitedAsync(records, target, header, ct);
                    break;
                default:
                    foreach (var record in records)
                    {
                        if (_options.Format == FileFormat.Raw) WriteRaw(record);
                        else WriteObject(record);
                        _buffer.Write(_line);
                        if (_buffer.WrittenCount >= DrainAt) await DrainAsync(target, ct);
                    }
                    break;
            }
            await DrainAsync(target, ct);
        }
        finally
        {
            _json.Reset();
            _buffer.ResetWrittenCount();
        }
    }

    private async ValueTask WriteJsonArrayAsync(IReadOnlyList<DataEntity> records, Stream target, CancellationToken ct)
    {
        _json.WriteStartArray();
        foreach (var record in records)
        {
            WriteObjectBody(record);
            if (_buffer.WrittenCount >= DrainAt)
            {
                _json.Flush();
                await DrainAsync(target, ct);
            }
        }
        _json.WriteEndArray();
        _json.Flush();
        _json.Reset();
        _buffer.Write(_line);
    }

    private void WriteObject(DataEntity record)
    {
        WriteObjectBody(record);
        _json.Flush();
        _json.Reset(); // a new top-level value: no separator before it
    }

    /// <summary>The record's fields, or only those of <c>fields</c> in that order (JSON.stringify's replacer list, top level).</summary>
    private void WriteObjectBody(DataEntity record)
    {
        if (_options.Fields.Count == 0)
        {
            DataEntityJson.Write(_json, record);
            return;
        }
        _json.WriteStartObject();
        foreach (var field in _options.Fields)
        {
            if (!record.TryGetValue(field, out var value)) continue;
            _json.WritePropertyName(field);
            DataEntityJson.WriteValue(_json, value);
        }
        _json.WriteEndObject();
    }

    private void WriteRaw(DataEntity record)
    {
        if (record.RawData is { } raw)
        {
            _buffer.Write(raw);
            return;
        }
        switch (record.Get(FileReaderFetcher.DataField))
        {
            case string text:
                var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
                _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
                return;
            case byte[] bytes:
                _buffer.Write(bytes);
                return;
            default:
                throw new FormatException("format raw writes each record's raw data or its \"data\" field (a string or bytes); this record has neither");
        }
    }

    private async ValueTask WriteDelimitedAsync(IReadOnlyList<DataEntity> records, Stream target, bool header, CancellationToken ct)
    {
        var columns = _options.Fields.Count > 0 ? _options.Fields : Columns(records);
        var delimiter = _options.FieldDelimiter;
        if (header)
        {
            _row.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) _row.Append(delimiter);
                CsvWriter.AppendQuoted(_row, columns[i]);
            }
            AppendRow();
        }
        foreach (var record in records)
        {
            _row.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) _row.Append(delimiter);
                CsvWriter.AppendValue(_row, record.Get(columns[i]));
            }
            AppendRow();
            if (_buffer.WrittenCount >= DrainAt) await DrainAsync(target, ct);
        }
    }

    /// <summary>json2csv's columns when none are given: every top-level field of the slice, in order of first appearance.</summary>
    private static List<string> Columns(IReadOnlyList<DataEntity> records)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        foreach (var record in records)
            foreach (var key in record.Keys)
                if (seen.Add(key)) columns.Add(key);
        return columns;
    }

    private void AppendRow()
    {
        _row.Append(_options.LineDelimiter);
        foreach (var chunk in _row.GetChunks())
        {
            var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            _buffer.Advance(Encoding.UTF8.GetBytes(chunk.Span, span));
        }
    }

    private async ValueTask DrainAsync(Stream target, CancellationToken ct)
    {
        if (_buffer.WrittenCount == 0) return;
        await target.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }
}
