using System.Text.Json.Nodes;
using Teraslice.Akka;
using Teraslice.Akka.Protocol.Api;

namespace EmbeddedWorker;

/// <summary>
/// Submits the demo job under a fixed id at start-up, follows the cluster event log to the console
/// until the job has ended, and (with <c>Demo:ExitWhenDone</c>) stops the service then. Ctrl+C stops
/// it at any time: the host leaves the cluster gracefully.
/// </summary>
public sealed class DemoJob(ITerasliceClient client, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<DemoJob> log)
    : BackgroundService
{
    public const string JobId = "embedded-worker-demo";

    private static readonly JsonObject Job = JsonNode.Parse("""
        {
          "name": "embedded-worker-demo",
          "lifecycle": "once",
          "workers": 2,
          "operations": [
            {"_op": "data_generator", "size": 2000, "slice_size": 200},
            {"_op": "set_field", "field": "greeting", "value": "hello"},
            {"_op": "shout", "field": "greeting"},
            {"_op": "noop"}
          ]
        }
        """)!.AsObject();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var submitted = await SubmitAsync(stoppingToken);
        log.LogInformation("Job {JobId}: execution {ExId} (a second start of this service gets the same ids and runs nothing)", submitted.JobId, submitted.ExId);

        await foreach (var e in client.SubscribeToLogAsync(0, stoppingToken))
        {
            if (e.JobId != JobId) continue;
            log.LogInformation("event {Sequence} {Kind} {Data}", e.Sequence, e.Kind, e.Data.ToJsonString());
            if (e.Kind == ClusterEventKinds.ExecutionStatus && e.ExId == submitted.ExId && (string?)e.Data["status"] is "completed" or "failed" or "stopped")
                break;
        }
        var outcome = await client.AwaitJobCompletionAsync(JobId, TimeSpan.FromMinutes(5), stoppingToken);
        var stats = (await client.GetExecutionAsync(submitted.ExId!, stoppingToken)).ToDocument()["_slicer_stats"];
        log.LogInformation("Job {JobId} {Outcome}: {Processed} slices, {Records} records", JobId, outcome, stats?["processed"], stats?["records_out"]);
        if (configuration.GetValue<bool>("Demo:ExitWhenDone")) lifetime.StopApplication();
    }

    // the node may still be forming its cluster when the service starts: try again for a while
    private async Task<SubmittedJob> SubmitAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.SubmitJobAsync(Job, JobId, ct);
            }
            catch (TerasliceException e) when (e.Kind == RejectionKind.Unavailable && attempt < 10)
            {
                log.LogInformation("The cluster is not ready yet ({Reason}); trying again", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }
}
