using Akka.Actor;
using Akka.Hosting;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Master;

/// <summary>
/// Asks the cluster master singleton through the proxy registered as <see cref="ActorKeys.Master"/>.
/// A read (<see cref="IMasterQuery"/>) is asked again every few seconds until the timeout: when the
/// master's node dies, what the proxy sent it before noticing is lost, and the next attempt reaches
/// the new master. A command is asked once (asking it again could do it twice).
/// </summary>
public sealed class ActorMasterClient(IRequiredActor<ActorKeys.Master> master) : IMasterClient
{
    /// <summary>How long one attempt of a read waits before it is sent again.</summary>
    public static readonly TimeSpan QueryAttempt = TimeSpan.FromSeconds(5);

    public async Task<object> AskAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct)
    {
        // The proxy is registered when the ActorSystem has started; bound that wait too, so a
        // request that arrives during start-up gets a 503 rather than hanging.
        IActorRef proxy;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            wait.CancelAfter(timeout);
            try
            {
                proxy = await master.GetAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the cluster master proxy was not registered within {timeout}");
            }
        }

        if (request is not IMasterQuery) return await proxy.Ask<object>(request, timeout, ct).ConfigureAwait(false);

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var attempt = left < QueryAttempt * 2 ? left : QueryAttempt;
            try
            {
                return await proxy.Ask<object>(request, attempt, ct).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow + TimeSpan.FromMilliseconds(100) < deadline)
            {
                // the master may have moved: ask again
            }
        }
    }
}
