using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka;

/// <summary>The REST API's HTTP status of each rejection kind, and back (the API answers with these).</summary>
public static class HttpStatuses
{
    public static int Of(RejectionKind kind) => kind switch
    {
        RejectionKind.BadRequest => 400,
        RejectionKind.NotFound => 404,
        RejectionKind.Conflict => 409,
        RejectionKind.Gone => 410,
        RejectionKind.PayloadTooLarge => 413,
        RejectionKind.Unprocessable => 422,
        RejectionKind.Internal => 500,
        RejectionKind.Unavailable => 503,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an unknown rejection kind"),
    };

    /// <summary>The kind of an HTTP error status (another 4xx reads as a bad request, another 5xx as a fault).</summary>
    public static RejectionKind KindOf(int status) => status switch
    {
        404 => RejectionKind.NotFound,
        409 => RejectionKind.Conflict,
        410 => RejectionKind.Gone,
        413 => RejectionKind.PayloadTooLarge,
        422 => RejectionKind.Unprocessable,
        502 or 503 or 504 => RejectionKind.Unavailable,
        >= 400 and < 500 => RejectionKind.BadRequest,
        _ => RejectionKind.Internal,
    };
}
