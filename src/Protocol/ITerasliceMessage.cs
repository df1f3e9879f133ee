namespace Teraslice.Akka.Protocol;

/// <summary>
/// Marker for every message and event that may cross a process boundary or be persisted; the
/// protocol serializer is bound to it (see <c>Serialization/TerasliceSerializer</c>).
/// </summary>
public interface ITerasliceMessage;

/// <summary>Messages routed to one slicer entity of one execution (shard routing key).</summary>
public interface IWithSlicerId : ITerasliceMessage
{
    string ExId { get; }
    int SlicerId { get; }
}

/// <summary>Messages about one execution.</summary>
public interface IWithExecutionId : ITerasliceMessage
{
    string ExId { get; }
}
