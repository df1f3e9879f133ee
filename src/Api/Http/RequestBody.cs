using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Teraslice.Akka.Api.Http;

/// <summary>Reads a request body ourselves, so its Content-Type never decides how it is parsed.</summary>
internal static class RequestBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The whole body, or 413 as soon as it is known to exceed <paramref name="maxBytes"/>.</summary>
    /// <param name="what">What the body is, for the 413 message ("request body", "asset bundle").</param>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext http, long maxBytes, string what = "request body")
    {
        var body = await ReadStreamAsync(http, maxBytes, what);
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <summary>The whole body as an array of its exact length (no copy when Content-Length was given).</summary>
    public static async Task<byte[]> ReadArrayAsync(HttpContext http, long maxBytes, string what)
    {
        var body = await ReadStreamAsync(http, maxBytes, what);
        var buffer = body.GetBuffer();
        return buffer.Length == body.Length ? buffer : body.ToArray();
    }

    private static async Task<MemoryStream> ReadStreamAsync(HttpContext http, long maxBytes, string what)
    {
        // Our limit replaces Kestrel's (30 MB by default), which would otherwise answer first. Lifted
        // before the 413 too: Kestrel then drains the unread body (for a few seconds at most), so
        // a client that sends it all before reading the answer gets the 413, not a reset.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;

        var request = http.Request;
        if (request.ContentLength > maxBytes)
            throw TooLarge(what, maxBytes);

        var body = new MemoryStream(request.ContentLength is { } length ? (int)length : ChunkSize);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (body.Length + read > maxBytes)
                    throw TooLarge(what, maxBytes);
                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return body;
    }

    private static ApiException TooLarge(string what, long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"{what} is larger than {maxBytes} bytes");
}
