using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>Executions in a given state, made the way a client would, for the route specs.</summary>
public static class Scenarios
{
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    /// <summary>The two mounts of the routes that act on one execution.</summary>
    public static TheoryData<string> RouteKinds => new() { "jobs", "ex" };

    /// <summary><c>/v1/jobs/{jobId}</c> or <c>/v1/ex/{exId}</c>, as <paramref name="kind"/> says.</summary>
    public static string Route(string kind, string jobId, string exId) => kind switch
    {
        "jobs" => $"/v1/jobs/{jobId}",
        "ex" => $"/v1/ex/{exId}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "jobs or ex"),
    };

    /// <summary>Submits a job and waits until its execution is running.</summary>
    public static async Task<(string JobId, string ExId)> RunningAsync(NodeProcess node, string spec)
    {
        var (jobId, exId) = await node.Api.SubmitAsync(spec);
        await node.Api.WaitForStatusAsync(exId, "running", Bounded);
        return (jobId, exId);
    }

    /// <summary>A persistent job whose execution ran and was stopped.</summary>
    public static async Task<(string JobId, string ExId)> StoppedAsync(NodeProcess node, string name)
    {
        var (jobId, exId) = await RunningAsync(node, Jobs.Persistent(name));
        await node.Api.StopAsync(jobId);
        return (jobId, exId);
    }

    /// <summary>A once job that ran to completion.</summary>
    public static async Task<(string JobId, string ExId)> CompletedAsync(NodeProcess node, string name)
    {
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.Quick(name));
        await node.Api.WaitForStatusAsync(exId, "completed", Bounded);
        return (jobId, exId);
    }

    /// <summary>A stored job without an execution, then soft-deleted.</summary>
    public static async Task<string> DeletedAsync(NodeProcess node, string name)
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent(name));
        (await node.Api.DeleteAsync($"/v1/jobs/{jobId}")).ShouldBeOk();
        return jobId;
    }

    /// <summary>
    /// An execution held in "stopping" for <paramref name="holdMs"/>: one worker busy with a 10 s
    /// slice, stopped without blocking and with that timeout (after which the worker is stopped
    /// anyway). Returns once GET /v1/ex/{id} says stopping.
    /// </summary>
    public static async Task<(string JobId, string ExId)> StoppingAsync(NodeProcess node, string name, int holdMs)
    {
        var (jobId, exId) = await RunningAsync(node, Jobs.SlowSlices(name));
        await node.Api.WaitForLiveStatsAsync(jobId, s => Json.Long(s, "workers_active") >= 1, "workers_active >= 1", Bounded);
        var reply = (await node.Api.PostAsync($"/v1/jobs/{jobId}/_stop?blocking=false&timeout={holdMs}")).ShouldBeOk().AsObject();
        Assert.True(reply.ToJsonString() == """{"status":"stopping"}""", $"a non-blocking stop should answer stopping: {reply.ToJsonString()}");
        await node.Api.WaitForStatusAsync(exId, "stopping", Bounded, interval: TimeSpan.FromMilliseconds(20));
        return (jobId, exId);
    }

    /// <summary>Asserts the answer is exactly <c>{"status": status}</c>.</summary>
    public static void ShouldBeStatus(ApiResponse response, string status)
    {
        var body = response.ShouldBeOk().AsObject();
        Assert.True(body.ToJsonString() == new JsonObject { ["status"] = status }.ToJsonString(),
            $"{response.Request}: expected {{\"status\":\"{status}\"}}, got {body.ToJsonString()}");
    }

    /// <summary>Asserts the answer is exactly <c>{"message": message}</c>.</summary>
    public static void ShouldBeMessage(ApiResponse response, string message)
    {
        var body = response.ShouldBeOk().AsObject();
        Assert.True(body.ToJsonString() == new JsonObject { ["message"] = message }.ToJsonString(),
            $"{response.Request}: expected {{\"message\":\"{message}\"}}, got {body.ToJsonString()}");
    }
}
