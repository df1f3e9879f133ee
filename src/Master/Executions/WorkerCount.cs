using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Executions;

/// <summary>What a _workers request (add, remove, total) does to an execution's worker count.</summary>
/// <param name="Desired">The new count.</param>
/// <param name="Change">Add or Remove (a total becomes one of them).</param>
/// <param name="Count">How many are added or removed.</param>
/// <param name="Action">Teraslice's word for it in the reply: enqueued, remove or set.</param>
public sealed record WorkerCount(int Desired, WorkerChange Change, int Count, string Action)
{
    /// <summary>The change, or why it is refused (removing as many as there are, or more).</summary>
    public static (WorkerCount? Count, Rejection? Problem) Decide(int current, WorkerChange change, int count)
    {
        var (kind, by) = change switch
        {
            WorkerChange.Total when count >= current => (WorkerChange.Add, count - current),
            WorkerChange.Total => (WorkerChange.Remove, current - count),
            _ => (change, count),
        };
        if (kind == WorkerChange.Remove && by >= current) return (null, Rejections.RemoveTooManyWorkers(by, current));
        return kind == WorkerChange.Add
            ? (new WorkerCount(current + by, kind, by, change == WorkerChange.Total && by == 0 ? "set" : "enqueued"), null)
            : (new WorkerCount(current - by, kind, by, "remove"), null);
    }

    /// <summary>The reply's message.</summary>
    public string Message(string exId) => $"{Count} workers have been {Action} for execution: {exId}";
}
