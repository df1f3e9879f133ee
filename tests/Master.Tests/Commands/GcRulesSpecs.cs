using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>
/// Which executions a garbage collection may take the slice history of (<see cref="GcRules"/>), the
/// refusal of <c>_recover</c> once it did, and <see cref="GcExclusion{T}"/>: pure, no store.
/// </summary>
public sealed class GcRulesSpecs
{
    private static readonly DateTime Now = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Before = Now.AddDays(-7);

    private static ExecutionRecord Ex(string exId, ExecutionStatus status, DateTime? updated, string jobId = "job-1",
        string? recovers = null, bool autorecover = false, DateTime? gcOn = null, bool deleted = false)
    {
        var doc = new JsonObject { ["ex_id"] = exId, ["job_id"] = jobId, ["_status"] = status.ToWire() };
        if (updated is { } at) doc["_updated"] = IsoDate.Format(at);
        if (recovers is not null) doc["recovered_execution"] = recovers;
        if (autorecover) doc["autorecover"] = true;
        if (gcOn is { } on) doc["_gc_on"] = IsoDate.Format(on);
        if (deleted) doc["_deleted"] = true;
        return ExecutionRecord.From(doc);
    }

    private static IReadOnlyList<string> Collectable(IEnumerable<ExecutionRecord> ended, IEnumerable<ExecutionRecord>? living = null,
        IEnumerable<ExecutionRecord>? latest = null) =>
        GcRules.Collectable(ended, living ?? [], (latest ?? []).ToDictionary(e => e.JobId, e => e), Before).Select(e => e.ExId).ToList();

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Stopped)]
    [InlineData(ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.Terminated)]
    [InlineData(ExecutionStatus.Rejected)]
    public void An_execution_that_ended_before_the_retention_point_should_be_collected(ExecutionStatus status)
    {
        Assert.Equal(["old"], Collectable([Ex("old", status, Before.AddMilliseconds(-1))]));
    }

    [Theory]
    [InlineData(ExecutionStatus.Pending)]
    [InlineData(ExecutionStatus.Initializing)]
    [InlineData(ExecutionStatus.Recovering)]
    [InlineData(ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Failing)]
    [InlineData(ExecutionStatus.Paused)]
    [InlineData(ExecutionStatus.Stopping)]
    public void A_living_execution_should_never_be_collected_however_old(ExecutionStatus status)
    {
        Assert.Empty(Collectable([Ex("living", status, Before.AddDays(-365))]));
    }

    [Fact]
    public void An_execution_that_ended_within_the_retention_should_keep_its_history()
    {
        Assert.Empty(Collectable([Ex("young", ExecutionStatus.Completed, Before), Ex("younger", ExecutionStatus.Failed, Now)]));
    }

    [Fact]
    public void An_execution_without_a_readable_updated_should_be_kept()
    {
        Assert.Empty(Collectable([Ex("undated", ExecutionStatus.Completed, updated: null)]));
    }

    [Fact]
    public void An_execution_collected_already_should_not_be_counted_again()
    {
        Assert.Empty(Collectable([Ex("done", ExecutionStatus.Completed, Before.AddDays(-1), gcOn: Before)]));
    }

    [Fact]
    public void The_execution_a_living_one_recovers_should_be_kept_until_that_one_ends()
    {
        var old = Ex("old", ExecutionStatus.Stopped, Before.AddDays(-30));

        Assert.Empty(Collectable([old], living: [Ex("recovery", ExecutionStatus.Initializing, Now, recovers: "old")]));
        Assert.Equal(["old"], Collectable([old], living: [Ex("recovery", ExecutionStatus.Completed, Now, recovers: "old")]));
    }

    [Fact]
    public void The_latest_execution_of_an_autorecover_job_should_be_kept_for_its_next_start()
    {
        var latest = Ex("latest", ExecutionStatus.Stopped, Before.AddDays(-30), autorecover: true);
        var earlier = Ex("earlier", ExecutionStatus.Stopped, Before.AddDays(-60), autorecover: true);

        Assert.Equal(["earlier"], Collectable([earlier, latest], latest: [latest]));
        Assert.Empty(Collectable([latest])); // latest unknown: kept
        // a deleted job never starts again
        Assert.Equal(["latest"], Collectable([Ex("latest", ExecutionStatus.Stopped, Before.AddDays(-30), autorecover: true, deleted: true)]));
        // without autorecover the latest goes like any other
        Assert.Equal(["plain"], Collectable([Ex("plain", ExecutionStatus.Stopped, Before.AddDays(-30))], latest: [Ex("plain", ExecutionStatus.Stopped, Before.AddDays(-30))]));
    }

    [Fact]
    public void Recover_of_a_collected_execution_should_be_gone_saying_its_history_was_garbage_collected()
    {
        var collected = Ex("old", ExecutionStatus.Completed, Before.AddDays(-1), gcOn: Now);

        var refused = JobRules.CanRecover(collected, collected, [collected]);

        Assert.Equal(RejectionKind.Gone, refused?.Kind);
        Assert.Equal("Execution old cannot be recovered: its slice history was garbage-collected on 2024-06-01T12:00:00.000Z " +
                     "(it ended longer ago than the retention, teraslice.gc.retention); start the job again instead", refused?.Message);
        Assert.Null(JobRules.CanRecover(Ex("kept", ExecutionStatus.Completed, Before.AddDays(-1)), null, []));
    }

    [Fact]
    public void An_autorecover_start_after_the_latest_was_collected_should_start_afresh()
    {
        var job = new JobConfig { Autorecover = true };

        Assert.True(JobRules.StartRecovers(job, Ex("kept", ExecutionStatus.Stopped, Now)));
        Assert.False(JobRules.StartRecovers(job, Ex("collected", ExecutionStatus.Stopped, Before, gcOn: Now)));
    }

    [Fact]
    public void A_collection_should_wait_for_recoveries_under_way_and_hold_the_ones_that_come_after()
    {
        var gate = new GcExclusion<string>();

        Assert.True(gate.TryStart("recover-1", GcStanding.MayRecover));
        Assert.True(gate.TryStart("stop", GcStanding.Unrelated));
        Assert.False(gate.TryStart("gc", GcStanding.Collection)); // a recovery is under way
        Assert.False(gate.TryStart("recover-2", GcStanding.MayRecover)); // no overtaking the waiting collection
        Assert.True(gate.TryStart("pause", GcStanding.Unrelated));
        Assert.Equal(2, gate.Held);

        Assert.Empty(gate.Finished(GcStanding.Unrelated));
        Assert.Equal(["gc"], gate.Finished(GcStanding.MayRecover));
        Assert.False(gate.TryStart("recover-3", GcStanding.MayRecover)); // the collection runs
        Assert.Equal(["recover-2", "recover-3"], gate.Finished(GcStanding.Collection));

        Assert.False(gate.TryStart("gc", GcStanding.Collection)); // the released recoveries run
        Assert.Empty(gate.Finished(GcStanding.MayRecover));
        Assert.Equal(["gc"], gate.Finished(GcStanding.MayRecover));
        Assert.Empty(gate.Finished(GcStanding.Collection));
        Assert.True(gate.TryStart("gc", GcStanding.Collection)); // nothing under way: at once
        Assert.Throws<InvalidOperationException>(() => gate.TryStart("gc-2", GcStanding.Collection));
    }

    [Fact]
    public void Gc_should_run_in_its_own_lane_apart_from_recover_and_start()
    {
        Assert.True(CommandHandlers.Handles(new RunGc(null)));
        Assert.Equal(CommandHandlers.GcLane, CommandHandlers.LaneOf(new RunGc(TimeSpan.Zero), _ => null));
        Assert.Equal(GcStanding.Collection, CommandHandlers.StandingOf(new RunGc(null)));
        Assert.Equal(GcStanding.MayRecover, CommandHandlers.StandingOf(new RecoverExecution(null, "ex-1", null)));
        Assert.Equal(GcStanding.MayRecover, CommandHandlers.StandingOf(new StartJob("job-1")));
        Assert.Equal(GcStanding.Unrelated, CommandHandlers.StandingOf(new StopExecution("job-1", null, true, false, null)));
    }
}
