using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Teraslice.Akka.Master.Storage;

namespace Teraslice.Akka.Master.Events;

/// <summary>
/// Appends to the cluster event log (<see cref="IStateStore.AppendEventsAsync"/>) without making the
/// caller wait: the events queue up and one drain, off the caller's thread, appends what has queued
/// in one transaction at a time (a burst of failed slices is a few writes, not one per slice), in
/// the order they were appended through this instance. A failure is logged, never thrown. The event
/// log is a record for the outside (clients, the dashboard): the cluster's own state never depends on it.
/// </summary>
public sealed partial class ClusterEventLog(IStateStore store, ILogger<ClusterEventLog>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();
    private readonly List<NewClusterEvent> _queued = [];
    private Task _draining = Task.CompletedTask;
    private bool _drainRunning;

    /// <summary>Completes when every event appended so far has landed (or failed, logged).</summary>
    public Task Appended
    {
        get
        {
            lock (_gate) return _draining;
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
        lock (_gate)
        {
            _queued.Add(new NewClusterEvent(kind, jobId, exId, data, DateTimeOffset.UtcNow));
            if (_drainRunning) return;
            _drainRunning = true;
            _draining = Task.Run(DrainAsync);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<NewClusterEvent> batch;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _drainRunning = false;
                    return;
                }
                batch = [.. _queued];
                _queued.Clear();
            }
            try
            {
                await store.AppendEventsAsync(batch);
            }
            catch (Exception e)
            {
                LogAppendFailed(_logger, e, batch.Count, batch[0].Kind, batch[0].JobId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not append {Count} event(s) to the cluster event log (the first: {Kind} of job {JobId})")]
    private static partial void LogAppendFailed(ILogger logger, Exception e, int count, string kind, string? jobId);
}
