using Akka.Actor;
using Teraslice.Akka.Protocol.Cluster;

namespace Teraslice.Akka.Node.Workers;

/// <summary>
/// The worker slots of a node (numbered 1, 2, ...) and the workers in them. Slots can be added and
/// removed while the node runs; a worker in a removed slot finishes and is not replaced. The node
/// agent's state: not thread-safe.
/// </summary>
internal sealed class WorkerSlots
{
    private readonly SortedSet<int> _ids;
    private readonly Dictionary<IActorRef, WorkerSlotInfo> _workers = new();

    public WorkerSlots(int count) => _ids = [.. Enumerable.Range(1, Math.Max(0, count))];

    /// <summary>The slots of the node.</summary>
    public IReadOnlyList<int> Ids => [.. _ids];

    public int Total => _ids.Count;

    /// <summary>Slots without a worker.</summary>
    public int Free => _ids.Count(id => !IsBusy(id));

    /// <summary>Every worker, those in removed slots that are finishing too.</summary>
    public IReadOnlyCollection<WorkerSlotInfo> Busy => _workers.Values;

    public IEnumerable<KeyValuePair<IActorRef, WorkerSlotInfo>> Workers => _workers;

    public int WorkerCount => _workers.Count;

    /// <summary>The lowest free slot, or null.</summary>
    public int? FirstFree() => _ids.Cast<int?>().FirstOrDefault(id => !IsBusy(id!.Value));

    public void Occupy(IActorRef worker, WorkerSlotInfo slot) => _workers[worker] = slot;

    /// <summary>A worker stopped; false when it was none of ours.</summary>
    public bool Vacate(IActorRef worker) => _workers.Remove(worker);

    /// <summary>Adds <paramref name="count"/> slots after the highest; returns their numbers.</summary>
    public IReadOnlyList<int> Add(int count)
    {
        var next = (_ids.Count == 0 ? 0 : _ids.Max) + 1;
        var added = Enumerable.Range(next, Math.Max(0, count)).ToList();
        foreach (var id in added) _ids.Add(id);
        return added;
    }

    /// <summary>Removes a slot; returns false when the node has no such slot, and the worker in it (to stop), if any.</summary>
    public bool Remove(int id, out IActorRef? occupant)
    {
        occupant = _workers.FirstOrDefault(kv => kv.Value.WorkerId == id).Key;
        return _ids.Remove(id);
    }

    /// <summary>Whether a worker still runs in slot <paramref name="id"/> (a removed slot's worker may be finishing).</summary>
    public bool IsBusy(int id) => _workers.Values.Any(w => w.WorkerId == id);
}
