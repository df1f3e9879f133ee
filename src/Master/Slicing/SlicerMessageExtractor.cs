using Akka.Cluster.Sharding;
using Teraslice.Akka.Protocol;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>Routes <see cref="IWithSlicerId"/> messages to the entity "{exId}/{slicerId}".</summary>
public sealed class SlicerMessageExtractor() : HashCodeMessageExtractor(TerasliceNames.SlicerShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithSlicerId m => TerasliceNames.SlicerEntityId(m.ExId, m.SlicerId),
        _ => null,
    };
}
