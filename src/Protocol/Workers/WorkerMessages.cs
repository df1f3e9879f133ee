namespace Teraslice.Akka.Protocol.Workers;

/// <summary>From a worker (the sender) to its execution controller, once it is ready for slices.</summary>
public sealed record WorkerJoined(string ExId, string WorkerId, string NodeId) : IWithExecutionId;

/// <summary>From a worker to its controller: it stopped taking work and is about to end.</summary>
public sealed record WorkerLeaving(string ExId, string WorkerId) : IWithExecutionId;

/// <summary>To a worker: finish (graceful) or drop what it holds, hand back unstarted slices, and stop.</summary>
public sealed record StopWorker(string ExId, bool Graceful) : IWithExecutionId;
