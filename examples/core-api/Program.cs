using System.Text.Json.Nodes;
using Teraslice.Akka;

// start-env: a whole cluster in this process, in memory
await using var env = await TerasliceEnvironment.StartDevelopmentAsync(o => o.Workers = 2);
var client = env.Client;

// submit-job, twice under one id: the second answers the first's ids and runs nothing
var job = JsonNode.Parse("""
    {"name": "tour", "lifecycle": "once", "workers": 2,
     "operations": [{"_op": "data_generator", "size": 1000, "slice_size": 100}, {"_op": "noop"}]}
    """)!.AsObject();
var first = await client.SubmitJobAsync(job, jobId: "tour");
var second = await client.SubmitJobAsync(job, jobId: "tour");
Console.WriteLine($"submitted {first.JobId} → {first.ExId}; again → {second.ExId} (same: {first == second})");

// await-job-completion
var outcome = await client.AwaitJobCompletionAsync("tour", TimeSpan.FromMinutes(1));
Console.WriteLine($"tour: {outcome}");

// subscribe-to-log, from the beginning, until the tour's execution completed
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
await foreach (var e in client.SubscribeToLogAsync(0, cancel.Token))
{
    if (e.JobId != "tour") continue;
    Console.WriteLine($"  event {e.Sequence}: {e.Kind} {e.Data.ToJsonString()}");
    if (e.Kind == ClusterEventKinds.ExecutionStatus && (string?)e.Data["status"] == "completed") break;
}

// kill-job: a persistent job never ends by itself
var forever = JsonNode.Parse("""
    {"name": "forever", "lifecycle": "persistent", "workers": 1,
     "operations": [{"_op": "data_generator", "size": 10, "slice_size": 10}, {"_op": "delay", "ms": 10}]}
    """)!.AsObject();
await client.SubmitJobAsync(forever, jobId: "forever");
await client.KillJobAsync("forever");
Console.WriteLine($"forever: {await client.AwaitJobCompletionAsync("forever", TimeSpan.FromMinutes(1))}");

// shutdown-env
await env.ShutdownAsync();
Console.WriteLine("done");
return outcome == JobOutcome.Completed && first == second ? 0 : 1;
