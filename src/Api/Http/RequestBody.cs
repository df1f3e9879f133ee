using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Teraslice.Akka.Api.Http;

/// <summary>Reads a request body ourselves, so its Content-Type never decides how it is parsed.</summary>
internal static class RequestBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The whole body, or 413 as soon as it is known to exceed <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext http, long maxBytes)
    {
        var request = http.Request;
        if (request.ContentLength > maxBytes)
            throw TooLarge(maxBytes);

        // Our limit replaces Kestrel's (30 MB by default), which would otherwise answer first.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;

        var body = new MemoryStream(request.ContentLength is { } length ? (int)length : ChunkSize);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (body.Length + read > maxBytes)
                    throw TooLarge(maxBytes);
                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    private static ApiException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {maxBytes} bytes");
}
