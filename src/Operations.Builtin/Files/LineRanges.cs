using System.Buffers;

namespace Teraslice.Akka.Operations.Files;

/// <summary>Receives the lines <see cref="LineRanges"/> finds (the delimiter left out).</summary>
internal interface ILineSink
{
    /// <param name="position">The byte position of the line's first byte in the stream.</param>
    void OnLine(ReadOnlySpan<byte> line, long position);
}

/// <summary>
/// Reads the lines that start inside a byte range, streaming through one pooled buffer.
/// </summary>
/// <remarks>
/// A slice's range is upstream's: the first starts at 0, the others one delimiter length before
/// their share of the file, <c>[k·size − d, (k+1)·size)</c>. A line belongs to the range its
/// first byte is in: a range not at 0 skips through the first delimiter that starts at or after
/// its offset (so a line starting exactly on the boundary, whose delimiter ends there, is kept),
/// and the last line that starts before the range's end is read to its end, past the range.
/// Upstream does the same with a string split, which loses or doubles lines when a multi-byte
/// delimiter straddles the end of a read; scanning bytes here does not.
/// </remarks>
internal static class LineRanges
{
    private const int MinBuffer = 64 * 1024;

    /// <param name="start">The stream position the stream is at (the range's offset).</param>
    /// <param name="end">Lines starting at or after this position are not read (<see cref="long.MaxValue"/>: all).</param>
    public static async ValueTask ReadAsync(Stream stream, long start, long end, byte[] delimiter, ILineSink sink, CancellationToken ct)
    {
        var state = new State { Buffer = ArrayPool<byte>.Shared.Rent(MinBuffer), Position = start, Skipping = start > 0 };
        try
        {
            while (true)
            {
                if (Scan(ref state, delimiter, end, sink)) return;
                if (state.Eof)
                {
                    // the last line has no delimiter after it
                    if (!state.Skipping && state.Filled > state.Begin && state.Position + state.Begin < end)
                        sink.OnLine(state.Buffer.AsSpan(state.Begin, state.Filled - state.Begin), state.Position + state.Begin);
                    return;
                }
                Compact(ref state, delimiter.Length);
                var read = await stream.ReadAsync(state.Buffer.AsMemory(state.Filled), ct);
                if (read == 0) state.Eof = true;
                state.Filled += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(state.Buffer);
        }
    }

    /// <summary>Hands over the complete lines in the buffer; true when the range is done.</summary>
    private static bool Scan(ref State state, byte[] delimiter, long end, ILineSink sink)
    {
        while (true)
        {
            var searchFrom = Math.Max(state.Begin, state.Searched);
            var found = state.Buffer.AsSpan(searchFrom, state.Filled - searchFrom).IndexOf(delimiter);
            if (found < 0)
            {
                // no need to search these bytes again, except a delimiter's partial start
                state.Searched = Math.Max(state.Begin, state.Filled - delimiter.Length + 1);
                // a line that starts at or past the end belongs to the next slice: stop before reading it
                return !state.Skipping && state.Position + state.Begin >= end;
            }
            var delimiterAt = searchFrom + found;
            if (state.Skipping)
            {
                state.Skipping = false;
            }
            else
            {
                var lineStart = state.Position + state.Begin;
                if (lineStart >= end) return true;
                sink.OnLine(state.Buffer.AsSpan(state.Begin, delimiterAt - state.Begin), lineStart);
            }
            state.Begin = delimiterAt + delimiter.Length;
            state.Searched = state.Begin;
        }
    }

    /// <summary>Moves the unfinished line to the front, growing the buffer when one line fills it.</summary>
    private static void Compact(ref State state, int delimiterLength)
    {
        if (state.Skipping)
        {
            // a partial line before the range's first delimiter is never needed: keep only a delimiter's worth
            var keep = Math.Min(state.Filled - state.Begin, delimiterLength - 1);
            state.Begin = state.Filled - keep;
        }
        if (state.Begin > 0)
        {
            var pending = state.Filled - state.Begin;
            state.Buffer.AsSpan(state.Begin, pending).CopyTo(state.Buffer);
            state.Position += state.Begin;
            state.Searched -= state.Begin;
            state.Filled = pending;
            state.Begin = 0;
        }
        if (state.Filled == state.Buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(state.Buffer.Length * 2);
            state.Buffer.AsSpan(0, state.Filled).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(state.Buffer);
            state.Buffer = bigger;
        }
    }

    private struct State
    {
        public byte[] Buffer;
        /// <summary>The stream position of Buffer[0].</summary>
        public long Position;
        public int Begin;
        public int Filled;
        public int Searched;
        public bool Skipping;
        public bool Eof;
    }
}
