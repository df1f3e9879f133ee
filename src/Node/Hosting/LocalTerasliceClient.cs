using Akka.Actor;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Node.Hosting;

/// <summary>
/// <see cref="ITerasliceClient"/> of a node, for the service that embeds it (registered by
/// <c>AddTeraslice</c>): the requests the REST API would send, sent in-process, stored records read
/// from the store on this node and commands through the cluster master's proxy.
/// </summary>
public sealed class LocalTerasliceClient : TerasliceClient
{
    private readonly Func<IMasterClient> _master;

    public LocalTerasliceClient(IMasterClient master) => _master = () => master;

    /// <param name="master">The master client of the node's current incarnation (a node that re-joins gets a new one).</param>
    public LocalTerasliceClient(Func<IMasterClient> master) => _master = master;

    protected override async Task<object> SendAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await _master().AskAsync(request, timeout, ct) switch
            {
                Status.Failure failure => new Rejection(RejectionKind.Internal, "the cluster master could not complete the request: " + failure.Cause.Message),
                var reply => reply,
            };
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException && !ct.IsCancellationRequested)
        {
            return Rejection.Unavailable($"the cluster did not answer {request.GetType().Name} within {timeout.TotalSeconds:0.###} s; try again");
        }
        catch (ObjectDisposedException)
        {
            return Rejection.Unavailable("the node is stopping or re-joining its cluster; try again");
        }
    }
}
