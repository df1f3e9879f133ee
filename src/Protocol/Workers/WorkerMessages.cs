namespace Teraslice.Akka.Protocol.Workers;

/// <summary>From a worker (the sender) to its execution controller, once it is ready for slices.</summary>
public sealed record WorkerJoined(string ExId, string WorkerId, string NodeId) : IWithExecutionId;

/// <summary>To a worker: finish (graceful) or drop what it holds, hand back unstarted slices, and stop.</summary>
public sealed record StopWorker(string ExId, bool Graceful) : IWithExecutionId;
