using Akka.Actor;
using Akka.Hosting;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Master;

/// <summary>Asks the cluster master singleton through the proxy registered as <see cref="ActorKeys.Master"/>.</summary>
public sealed class ActorMasterClient(IRequiredActor<ActorKeys.Master> master) : IMasterClient
{
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

        return await proxy.Ask<object>(request, timeout, ct).ConfigureAwait(false);
    }
}
