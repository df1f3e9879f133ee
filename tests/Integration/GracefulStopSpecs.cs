using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>SIGTERM mid-job: the node shuts down cleanly and, restarted, finishes the job exactly.</summary>
public sealed class GracefulStopSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public Task Once_execution_should_resume_and_complete_exactly_after_sigterm_mid_way() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync();
        var (jobId, exId) = await node.Api.SubmitAsync(Jobs.SlowOnce);
        await CrashSafetySpecs.WaitUntilMidWayAsync(node, jobId, atLeast: 5);

        var exitCode = await node.StopGracefullyAsync();
        await node.RestartOnSameDataDirAsync();

        await CrashSafetySpecs.ShouldStillBeListedAsync(node, jobId, exId);
        await CrashSafetySpecs.ShouldCompleteExactlyAsync(node, exId);
        // last, so that a resume problem is reported even when the exit was not clean
        Assert.True(exitCode == 0, $"the node should exit with 0 after SIGTERM (a clean CoordinatedShutdown), got {exitCode}");
    });
}
