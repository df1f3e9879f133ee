namespace Teraslice.Akka;

/// <summary>One worker slot of a node (numbered from 1 on each node), as <see cref="TerasliceNode.Slots"/> lists it.</summary>
public sealed record TerasliceWorkerSlot(string NodeId, int Number);
