using System.IO.Compression;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;

namespace Teraslice.Akka.Operations.Files;

/// <summary>The <c>format</c> values of file-assets.</summary>
public static class FileFormat
{
    public const string Json = "json";
    public const string Ldjson = "ldjson";
    public const string Raw = "raw";
    public const string Csv = "csv";
    public const string Tsv = "tsv";

    /// <summary>Formats whose records are lines (all but json).</summary>
    public static bool IsLineBased(string format) => format != Json;

    public static bool IsDelimited(string format) => format is Csv or Tsv;

    /// <summary>The field delimiter in force: the configured one, else a tab for tsv and a comma for csv.</summary>
    public static string FieldDelimiter(string format, string? configured) =>
        configured ?? (format == Tsv ? "\t" : ",");

    /// <summary>The line delimiter in force: the configured one, else <c>\n</c>.</summary>
    public static string LineDelimiter(string? configured) => configured ?? "\n";
}

/// <summary>The <c>compression</c> values of file-assets, and the streams that apply them.</summary>
public static class FileCompression
{
    public const string None = "none";
    public const string Gzip = "gzip";

    /// <summary>The LZ4 frame format (what upstream's lz4-asm writes and reads).</summary>
    public const string Lz4 = "lz4";

    /// <summary>A stream of the decompressed bytes of <paramref name="source"/> (which it disposes).</summary>
    public static Stream OpenRead(Stream source, string compression) => compression switch
    {
        Gzip => new GZipStream(source, CompressionMode.Decompress, leaveOpen: false),
        Lz4 => LZ4Stream.Decode(source, leaveOpen: false),
        _ => source,
    };

    /// <summary>A stream that compresses into <paramref name="target"/>; disposing it finishes the data but leaves the target open.</summary>
    public static Stream OpenWrite(Stream target, string compression) => compression switch
    {
        Gzip => new GZipStream(target, CompressionLevel.Fastest, leaveOpen: true),
        Lz4 => LZ4Stream.Encode(target, LZ4Level.L00_FAST, leaveOpen: true),
        _ => new NonClosingStream(target),
    };

    /// <summary>The extension a compression adds to file names (upstream's <c>.gz</c> / <c>.lz4</c>).</summary>
    public static string Extension(string compression) => compression switch
    {
        Gzip => ".gz",
        Lz4 => ".lz4",
        _ => "",
    };

    /// <summary>Writes through to a stream without closing it, so every compression is used the same way.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);
    }
}
