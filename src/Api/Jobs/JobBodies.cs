using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Teraslice.Akka.Api.Http;

namespace Teraslice.Akka.Api.Jobs;

/// <summary>
/// The bodies of <c>POST /jobs</c> and <c>PUT /jobs/{id}</c>, parsed once into a <see cref="JobSpec"/>
/// with the checks Teraslice makes before its validation proper (the master's).
/// </summary>
internal static class JobBodies
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The body of <c>POST /jobs</c>: an object with <c>operations</c> and no <c>job_id</c>.</summary>
    public static JobSpec Submitted(ReadOnlyMemory<byte> body)
    {
        var spec = Parse(body) ?? throw NoJobPosted();
        if (!spec.HasOperations) throw NoJobPosted();
        if (spec.HasJobId) throw new ApiException(StatusCodes.Status422UnprocessableEntity, "Job cannot include a job_id on submit");
        return spec;
    }

    /// <summary>
    /// The body of <c>PUT /jobs/{id}</c>: an object with at least one field (the whole new job;
    /// the master validates it and sets <c>job_id</c>, so one may be given).
    /// </summary>
    public static JobSpec Update(ReadOnlyMemory<byte> body, string jobId)
    {
        // Upstream's test is Object.keys(body).length === 0; a non-object has nothing to update either.
        var spec = Parse(body, nonObject: () => NoUpdate(jobId)) ?? throw NoUpdate(jobId);
        return spec.IsEmpty ? throw NoUpdate(jobId) : spec;
    }

    /// <summary>The spec, or null for a blank body; a body that is JSON but not an object throws what <paramref name="nonObject"/> makes.</summary>
    private static JobSpec? Parse(ReadOnlyMemory<byte> body, Func<ApiException>? nonObject = null)
    {
        if (body.Span.StartsWith(Utf8Bom)) body = body[Utf8Bom.Length..];
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty) return null;
        if (!Utf8.IsValid(body.Span)) throw Malformed();
        var text = Encoding.UTF8.GetString(body.Span);
        try
        {
            return JobSpec.Parse(text);
        }
        catch (FormatException e) when (e.InnerException is JsonException)
        {
            throw Malformed();
        }
        catch (FormatException)
        {
            throw (nonObject ?? NoJobPosted)();
        }
    }

    private static ApiException Malformed() => ApiException.BadRequest("the json submitted is malformed");

    private static ApiException NoJobPosted() => ApiException.BadRequest("No job was posted");

    private static ApiException NoUpdate(string jobId) =>
        ApiException.BadRequest($"no data was provided to update job {jobId}");
}
