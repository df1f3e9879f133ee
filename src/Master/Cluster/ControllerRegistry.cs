using Akka.Actor;

namespace Teraslice.Akka.Master.Cluster;

/// <summary>The master's living execution controllers: ex_id → controller, and each one's job.</summary>
internal sealed class ControllerRegistry
{
    private readonly Dictionary<string, IActorRef> _controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jobs = new(StringComparer.Ordinal); // ex_id → job_id

    /// <summary>ex_id → job_id of every living execution with a controller.</summary>
    public IReadOnlyDictionary<string, string> Jobs => _jobs;

    public IReadOnlyList<IActorRef> All => _controllers.Values.ToList();

    public bool Has(string exId) => _controllers.ContainsKey(exId);

    public IActorRef? Of(string exId) => _controllers.GetValueOrDefault(exId);

    public string? JobOf(string exId) => _jobs.GetValueOrDefault(exId);

    /// <summary>A copy of ex_id → controller, for work off the actor.</summary>
    public Dictionary<string, IActorRef> Copy() => new(_controllers, StringComparer.Ordinal);

    public void Add(string exId, string jobId, IActorRef controller)
    {
        _controllers[exId] = controller;
        _jobs[exId] = jobId;
    }

    /// <summary>Forgets an execution's controller; returns it, or null when there was none.</summary>
    public IActorRef? Remove(string exId)
    {
        _jobs.Remove(exId);
        return _controllers.Remove(exId, out var controller) ? controller : null;
    }

    /// <summary>The execution whose controller this is, or null.</summary>
    public string? ExIdOf(IActorRef controller) =>
        _controllers.FirstOrDefault(kv => kv.Value.Equals(controller)).Key;
}
