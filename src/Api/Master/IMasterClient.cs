using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Master;

/// <summary>The API's only way into the cluster: ask the cluster master and get its one reply.</summary>
public interface IMasterClient
{
    /// <summary>
    /// Sends <paramref name="request"/> to the cluster master and returns its reply, normally a
    /// <see cref="JsonReply"/> or a <see cref="Rejection"/>.
    /// </summary>
    /// <exception cref="global::Akka.Actor.AskTimeoutException">No reply within <paramref name="timeout"/> (a <see cref="TimeoutException"/> is treated the same).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the client went away).</exception>
    Task<object> AskAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct);
}
