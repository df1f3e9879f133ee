namespace Teraslice.Akka.Master.Cluster;

/// <summary>A node's worker capacity as the scheduler sees it.</summary>
public sealed record NodeCapacity(string NodeId, int Free);

/// <summary>
/// Where new worker slots go: a pure function, unit-tested without a cluster. Spreads one worker
/// per node per pass over the nodes with free slots, most free first (ties by node id), so an
/// execution's workers land on as many nodes as possible.
/// </summary>
public static class Scheduler
{
    public static IReadOnlyDictionary<string, int> Place(IEnumerable<NodeCapacity> nodes, int wanted)
    {
        var free = nodes.Where(n => n.Free > 0)
            .OrderByDescending(n => n.Free)
            .ThenBy(n => n.NodeId, StringComparer.Ordinal)
            .Select(n => (n.NodeId, Left: n.Free))
            .ToList();
        var placement = new Dictionary<string, int>(StringComparer.Ordinal);
        while (wanted > 0 && free.Count > 0)
        {
            for (var i = 0; i < free.Count && wanted > 0; i++)
            {
                var (nodeId, left) = free[i];
                placement[nodeId] = placement.GetValueOrDefault(nodeId) + 1;
                free[i] = (nodeId, left - 1);
                wanted--;
            }
            free.RemoveAll(n => n.Left <= 0);
        }
        return placement;
    }
}
