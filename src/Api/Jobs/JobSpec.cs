using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Teraslice.Akka.Api.Http;

namespace Teraslice.Akka.Api.Jobs;

/// <summary>The checks Teraslice makes on a posted job before its validation proper (the master's).</summary>
internal static class JobSpec
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The body as JSON text when it is an object with <c>operations</c> and no <c>job_id</c>.</summary>
    public static string Parse(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith(Utf8Bom))
            body = body[Utf8Bom.Length..];
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
            throw NoJobPosted();

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw ApiException.BadRequest("the json submitted is malformed");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("operations", out var operations)
                || operations.ValueKind == JsonValueKind.Null)
                throw NoJobPosted();

            if (root.TryGetProperty("job_id", out _))
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "Job cannot include a job_id on submit");
        }

        return Encoding.UTF8.GetString(body.Span);
    }

    private static ApiException NoJobPosted() => ApiException.BadRequest("No job was posted");
}
