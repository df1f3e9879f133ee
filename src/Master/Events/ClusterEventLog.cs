using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Master.Storage;

namespace Teraslice.Akka.Master.Events;

/// <summary>
/// Appends to the cluster event log (<see cref="IStateStore.AppendEventAsync"/>) without making the
/// caller wait: each append runs off the caller's thread, after the appends made before it through
/// this instance (so one writer's events keep their order), and a failure is logged, never thrown.
/// The event log is a record for the outside (clients, the dashboard): the cluster's own state never
/// depends on it.
/// </summary>
public sealed partial class ClusterEventLog(IStateStore store, ILogger<ClusterEventLog>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();
    private Task _appends = Task.CompletedTask;

    /// <summary>Completes when every append made so far has landed (or failed, logged).</summary>
    public Task Appended
    {
        get
        {
            lock (_gate) return _appends;
        }
    }

    /// <summary>
    /// Appends an event after the ones appended before through this log, and completes when it has
    /// landed (or failed, logged): for a caller that is off any actor's thread already and wants its
    /// event durable before it answers.
    /// </summary>
    public Task AppendAsync(string kind, string? jobId, string? exId, JsonObject data)
    {
        Append(kind, jobId, exId, data);
        return Appended;
    }

    /// <summary>Appends an event after the ones appended before through this log; returns at once.</summary>
    public void Append(string kind, string? jobId, string? exId, JsonObject data)
    {
        var at = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _appends = _appends.ContinueWith(async _ =>
            {
                try
                {
                    await store.AppendEventAsync(kind, jobId, exId, data, at);
                }
                catch (Exception e)
                {
                    LogAppendFailed(_logger, e, kind, jobId, exId);
                }
            }, TaskScheduler.Default).Unwrap();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not append a {Kind} event (job {JobId}, execution {ExId}) to the cluster event log")]
    private static partial void LogAppendFailed(ILogger logger, Exception e, string kind, string? jobId, string? exId);
}
