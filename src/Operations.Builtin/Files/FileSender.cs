using System.Text;
using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Operations.Files;

/// <summary>
/// Writes records to files in one directory, named as file-assets does:
/// <c>{worker id}[.{slice count}]{extension}</c>, so workers never write the same file.
/// </summary>
/// <remarks>
/// <para><c>file_per_slice</c>: each send writes a new file. It is written under a dot name
/// (which file_reader skips), flushed to disk, then renamed, so a slice that fails or a process
/// that dies never leaves a file that looks complete; and a name that exists already (a worker id
/// reused by a later run or a restarted worker) is never overwritten: the count moves on. Upstream
/// writes the final name directly and deletes a file of the same name first.</para>
/// <para>Otherwise each send appends to the worker's one file; a send that fails cuts the file back
/// to where the send began, and a file found ending in a partial line (a process that died while
/// writing) is cut back to its last complete line before anything is appended. Upstream appends
/// with neither.</para>
/// </remarks>
public sealed class FileSender : IRouteSender, IAsyncDisposable
{
    private readonly FileWriteOptions _options;
    private readonly ILogger _logger;
    private readonly RecordEncoder _encoder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _id;
    private long _sliceCount = -1;
    private bool _directoryReady;
    private bool _appendFileChecked;

    /// <param name="directory">Where the files go (created when first written to).</param>
    /// <param name="workerId">Names the files; characters unsafe in a file name become <c>_</c>.</param>
    public FileSender(FileWriteOptions options, string directory, string workerId, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _encoder = new RecordEncoder(options);
        Directory = directory;
        _id = SafeName(workerId);
    }

    public string Directory { get; }

    /// <summary>The file each send appends to (when not file_per_slice).</summary>
    public string AppendFile => System.IO.Path.Combine(Directory, _id + _options.FileExtension);

    public async Task SendAsync(IReadOnlyList<DataEntity> records, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _sliceCount++;
            if (records.Count == 0) return; // upstream writes no file for an empty slice
            if (!_directoryReady)
            {
                System.IO.Directory.CreateDirectory(Directory);
                _directoryReady = true;
            }
            if (_options.FilePerSlice) await WriteNewFileAsync(records, ct);
            else await AppendAsync(records, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteNewFileAsync(IReadOnlyList<DataEntity> records, CancellationToken ct)
    {
        var temp = System.IO.Path.Combine(Directory, $".{_id}.{_sliceCount}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await using (var output = FileCompression.OpenWrite(file, _options.Compression))
                    await _encoder.WriteAsync(records, output, header: _options.IncludeHeader, ct);
                file.Flush(flushToDisk: true);
            }
            while (true)
            {
                var final = System.IO.Path.Combine(Directory, $"{_id}.{_sliceCount}{_options.FileExtension}");
                try
                {
                    if (!File.Exists(final))
                    {
                        File.Move(temp, final, overwrite: false);
                        return;
                    }
                }
                catch (IOException) when (File.Exists(final))
                {
                    // made by someone else between the check and the move: take the next count
                }
                _sliceCount++;
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private async Task AppendAsync(IReadOnlyList<DataEntity> records, CancellationToken ct)
    {
        await using var file = new FileStream(AppendFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        if (!_appendFileChecked)
        {
            await CutPartialLineAsync(file, ct);
            _appendFileChecked = true;
        }
        var start = file.Seek(0, SeekOrigin.End);
        try
        {
            // upstream adds the header only to a file it creates
            await _encoder.WriteAsync(records, file, header: _options.IncludeHeader && start == 0, ct);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            file.SetLength(start);
            throw;
        }
    }

    /// <summary>Cuts a file left ending inside a line back to its last complete line.</summary>
    private async Task CutPartialLineAsync(FileStream file, CancellationToken ct)
    {
        var line = Encoding.UTF8.GetBytes(_options.LineDelimiter);
        var length = file.Length;
        if (length == 0 || await EndsWithAsync(file, length, line, ct)) return;
        var buffer = new byte[64 * 1024];
        var end = length;
        while (end > 0)
        {
            // overlap blocks by a delimiter's length so one split between blocks is still found
            var from = Math.Max(0, end - buffer.Length);
            var count = (int)(end - from);
            file.Seek(from, SeekOrigin.Begin);
            await file.ReadExactlyAsync(buffer.AsMemory(0, count), ct);
            var at = buffer.AsSpan(0, count).LastIndexOf(line);
            if (at >= 0)
            {
                Cut(file, from + at + line.Length, length);
                return;
            }
            if (from == 0) break;
            end = from + line.Length - 1;
        }
        Cut(file, 0, length);
    }

    private void Cut(FileStream file, long keep, long length)
    {
        _logger.LogWarning("{File} ended in a partial line (a writer stopped while writing): cut {Bytes} byte(s) from its end",
            file.Name, length - keep);
        file.SetLength(keep);
    }

    private static async Task<bool> EndsWithAsync(FileStream file, long length, byte[] suffix, CancellationToken ct)
    {
        if (length < suffix.Length) return false;
        var tail = new byte[suffix.Length];
        file.Seek(length - suffix.Length, SeekOrigin.Begin);
        await file.ReadExactlyAsync(tail, ct);
        return tail.AsSpan().SequenceEqual(suffix);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // best effort: a dot-named leftover is skipped by readers
        }
    }

    private static string SafeName(string id)
    {
        var name = new StringBuilder(id.Length);
        foreach (var c in id) name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return name.Length == 0 ? "worker" : name.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
