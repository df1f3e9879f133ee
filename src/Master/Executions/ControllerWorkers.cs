using Akka.Actor;
using Teraslice.Akka.Protocol.Cluster;
using Teraslice.Akka.Protocol.Workers;

namespace Teraslice.Akka.Master.Executions;

/// <summary>
/// The workers of one execution: how many it wants, which joined, how many were asked of the
/// master and have not joined yet. Not thread-safe (the controller's state).
/// </summary>
internal sealed class ControllerWorkers(int desired, TimeSpan requestTimeout)
{
    private readonly Dictionary<IActorRef, string> _joined = new();
    private int _outstanding;
    private DateTime _lastRequest;

    public int Desired { get; set; } = desired;

    public int Count => _joined.Count;

    public IEnumerable<IActorRef> All => _joined.Keys;

    public bool Has(IActorRef worker) => _joined.ContainsKey(worker);

    /// <summary>
    /// How many more to ask for; workers asked for longer than the request timeout ago that never
    /// joined are asked for again (<paramref name="expired"/> says how many).
    /// </summary>
    public int Missing(DateTime now, out int expired)
    {
        expired = 0;
        if (_outstanding > 0 && now - _lastRequest > requestTimeout)
        {
            expired = _outstanding;
            _outstanding = 0;
        }
        return Desired - _joined.Count - _outstanding;
    }

    /// <summary>The master asked node agents for this many.</summary>
    public void Requested(int count, DateTime now)
    {
        _outstanding += count;
        _lastRequest = now;
    }

    /// <summary>An agent started fewer than asked: those will not join.</summary>
    public void Allocated(WorkersAllocated allocated) =>
        _outstanding = Math.Max(0, _outstanding - (allocated.Requested - allocated.WorkerIds.Count));

    /// <summary>A worker joined; false when it is not wanted (<paramref name="accepting"/> false, or enough joined already).</summary>
    public bool Join(IActorRef worker, string workerId, bool accepting)
    {
        _outstanding = Math.Max(0, _outstanding - 1);
        if (!accepting || _joined.Count >= Desired) return false;
        _joined[worker] = workerId;
        return true;
    }

    /// <summary>A worker is gone: its id, or null when it was not one of ours.</summary>
    public string? Leave(IActorRef worker) => _joined.Remove(worker, out var workerId) ? workerId : null;

    /// <summary>
    /// Takes <paramref name="count"/> workers out and stops them gracefully (each finishes the slice
    /// at hand and hands back the rest); returns them (no longer to be watched).
    /// </summary>
    public List<IActorRef> Retire(string exId, int count)
    {
        var taken = _joined.Keys.Take(count).ToList();
        foreach (var worker in taken)
        {
            _joined.Remove(worker);
            worker.Tell(new StopWorker(exId, Graceful: true));
        }
        return taken;
    }

    /// <summary>Tells every worker to stop: <paramref name="graceful"/>, after the slice at hand; or at once.</summary>
    public void StopAll(string exId, bool graceful)
    {
        foreach (var worker in _joined.Keys) worker.Tell(new StopWorker(exId, graceful));
    }
}
