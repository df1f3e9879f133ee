using Akka.Actor;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// The workers that pull from one slicer: how many slices each may still be sent (its credits)
/// and which it holds. Not thread-safe (the slicer actor's state).
/// </summary>
internal sealed class SlicerWorkers(int maxCredits)
{
    private readonly Dictionary<IActorRef, Entry> _entries = new();

    public IEnumerable<IActorRef> All => _entries.Keys;

    /// <summary>
    /// The workers and their entries, for the dispatch path: a struct enumerator and no lookups
    /// (hashing an actor ref hashes its whole path). Sending changes an entry, not the set.
    /// </summary>
    public Dictionary<IActorRef, Entry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    /// <summary>A worker asks for <paramref name="count"/> more; true when it is new (watch it).</summary>
    public bool Credit(IActorRef worker, string workerId, int count)
    {
        var isNew = !_entries.TryGetValue(worker, out var entry);
        if (isNew) _entries[worker] = entry = new Entry(workerId);
        entry!.Credits = Math.Min(maxCredits, entry.Credits + Math.Max(0, count));
        return isNew;
    }

    /// <summary>The worker is done with a slice (completed or failed); one credit more when it wants more.</summary>
    public void Done(IActorRef worker, string sliceId, bool wantsMore)
    {
        if (!_entries.TryGetValue(worker, out var entry)) return;
        entry.Held.Remove(sliceId);
        if (wantsMore) entry.Credits = Math.Min(maxCredits, entry.Credits + 1);
    }

    /// <summary>The slices of <paramref name="sliceIds"/> the worker held (all of them when it is unknown), no longer held.</summary>
    public List<string> HandedBack(IActorRef worker, IEnumerable<string> sliceIds) =>
        _entries.TryGetValue(worker, out var entry) ? sliceIds.Where(entry.Held.Remove).ToList() : sliceIds.ToList();

    /// <summary>A worker is gone: its id and the slices it held, or null when it was not known.</summary>
    public (string WorkerId, IReadOnlyCollection<string> Held)? Remove(IActorRef worker) =>
        _entries.Remove(worker, out var entry) ? (entry.WorkerId, entry.Held) : null;

    /// <summary>One worker: its credits and the slices it holds.</summary>
    internal sealed class Entry(string workerId)
    {
        public string WorkerId { get; } = workerId;
        public int Credits { get; set; }
        public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

        /// <summary>The worker was sent these slices.</summary>
        public void Sent(IReadOnlyList<string> sliceIds)
        {
            Credits -= sliceIds.Count;
            foreach (var id in sliceIds) Held.Add(id);
        }
    }
}
