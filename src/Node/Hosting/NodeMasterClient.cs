using System.Data.Common;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Master.Queries;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Node.Hosting;

/// <summary>
/// The API's way into the cluster on a node: reads of stored records (<see cref="IRecordQuery"/>)
/// straight from the shared store, so they keep answering while the master singleton moves; every
/// other request through the master's proxy (<see cref="ActorMasterClient"/>).
/// </summary>
public sealed class NodeMasterClient(ActorMasterClient master, StoredRecordQueries records, ILogger<NodeMasterClient> logger) : IMasterClient
{
    public async Task<object> AskAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct)
    {
        if (request is not IRecordQuery query) return await master.AskAsync(request, timeout, ct).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            return await records.AnswerAsync(query, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the state store did not answer {query.GetType().Name} within {timeout}");
        }
        catch (DbException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Reading {Query} from the state store failed", query.GetType().Name);
            return Rejection.Unavailable($"the state store could not be read ({e.Message}); try again");
        }
    }
}
