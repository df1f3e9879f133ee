using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka;

/// <summary>The cluster refused a call, or could not be reached: <see cref="Kind"/> says which, the message why.</summary>
public sealed class TerasliceException(RejectionKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What kind of refusal (not found, conflict, gone, unavailable, ...).</summary>
    public RejectionKind Kind { get; } = kind;

    /// <summary>The HTTP status the REST API answers for this kind.</summary>
    public int StatusCode => HttpStatuses.Of(Kind);
}
