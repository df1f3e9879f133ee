namespace Teraslice.Akka.Operations;

/// <summary>Sends records to one destination (Teraslice's RouteSenderAPI).</summary>
public interface IRouteSender
{
    /// <summary>Writes the records; throws when they could not be written (the slice fails and is retried).</summary>
    Task SendAsync(IReadOnlyList<DataEntity> records, CancellationToken ct);
}

/// <summary>
/// An operation API that makes senders, one per destination (Teraslice's sender APIFactory): a
/// sender operation or <c>routed_sender</c> gets one with <see cref="GetSenderAsync"/>, where
/// <c>destination</c> is the API's own notion of where (a connection, a folder...).
/// </summary>
public interface ISenderApi : IOperationApi
{
    /// <summary>The sender for a destination (the same instance for the same destination).</summary>
    ValueTask<IRouteSender> GetSenderAsync(string destination, CancellationToken ct);
}
