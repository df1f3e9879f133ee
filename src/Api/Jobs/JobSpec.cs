using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Teraslice.Akka.Api.Http;

namespace Teraslice.Akka.Api.Jobs;

/// <summary>The checks Teraslice makes on a posted or updated job before its validation proper (the master's).</summary>
internal static class JobSpec
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The body of <c>POST /jobs</c> as JSON text: an object with <c>operations</c> and no <c>job_id</c>.</summary>
    public static string Parse(ReadOnlyMemory<byte> body)
    {
        body = WithoutBom(body);
        if (IsBlank(body))
            throw NoJobPosted();

        using (var document = ParseJson(body))
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

    /// <summary>
    /// The body of <c>PUT /jobs/{id}</c> as JSON text: an object with at least one field (the
    /// whole new job; the master validates it and sets <c>job_id</c>, so one may be given).
    /// </summary>
    public static string ParseUpdate(ReadOnlyMemory<byte> body, string jobId)
    {
        body = WithoutBom(body);
        if (IsBlank(body))
            throw NoUpdate(jobId);

        using (var document = ParseJson(body))
        {
            // Upstream's test is Object.keys(body).length === 0; a non-object has nothing to update either.
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.EnumerateObject().Any())
                throw NoUpdate(jobId);
        }

        return Encoding.UTF8.GetString(body.Span);
    }

    private static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body;

    private static bool IsBlank(ReadOnlyMemory<byte> body) => body.Span.Trim(" \t\r\n"u8).IsEmpty;

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw ApiException.BadRequest("the json submitted is malformed");
        }
    }

    private static ApiException NoJobPosted() => ApiException.BadRequest("No job was posted");

    private static ApiException NoUpdate(string jobId) =>
        ApiException.BadRequest($"no data was provided to update job {jobId}");
}
