using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>
/// The commands after a garbage collection took an execution's slice history (<c>_gc_on</c> on its
/// record): <c>_recover</c> is refused before any execution is created, by either route; an
/// autorecover <c>_start</c> starts afresh.
/// </summary>
public sealed class RecoverAfterGcSpecs : CommandsFixture
{
    private async Task<JsonObject> CollectedAsync(JsonObject ex) =>
        (await Store.PatchExecutionAsync(ex.Str("ex_id")!, new JsonObject { ["_gc_on"] = "2024-06-01T12:00:00.000Z" }))!;

    [Fact]
    public async Task Recover_of_a_collected_execution_should_be_gone_by_either_route_and_create_nothing()
    {
        var jobId = await StoredJobAsync();
        var ex = await CollectedAsync(await ExecutionAsync(jobId, ExecutionStatus.Completed));
        var exId = ex.Str("ex_id")!;
        var message = $"Execution {exId} cannot be recovered: its slice history was garbage-collected on 2024-06-01T12:00:00.000Z " +
                      "(it ended longer ago than the retention, teraslice.gc.retention); start the job again instead";

        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(null, exId, null)), RejectionKind.Gone, message);
        ShouldReject(await Handlers.Executions.RecoverAsync(new RecoverExecution(jobId, null, "pending")), RejectionKind.Gone, message);

        Assert.Single(await Store.ListExecutionsAsync(new ListQuery(0, 10, "_created", false, false), null, jobId));
    }

    [Fact]
    public async Task An_autorecover_start_after_the_latest_was_collected_should_start_afresh()
    {
        var jobId = await StoredJobAsync(Job.Replace("\"workers\":1", "\"workers\":1,\"autorecover\":true"));
        await CollectedAsync(await ExecutionAsync(jobId, ExecutionStatus.Stopped));

        var created = Assert.IsType<Decision.ExecutionCreated>(await Handlers.Jobs.StartAsync(new StartJob(jobId)));

        Assert.Null(created.Execution.RecoveredExecution);
        Assert.Null(created.Execution.GcOn);
    }
}
