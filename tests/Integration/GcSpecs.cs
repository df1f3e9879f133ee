using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Teraslice.Akka.Integration.Support;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Garbage collection on a real node through <see cref="TerasliceHttpClient.GcAsync"/>: inside the
/// retention nothing goes and <c>_recover</c> stays exact; with a retention of 0 the journals of the
/// ended executions leave the SQLite file, their <c>_recover</c> is refused saying why, and a
/// persistent job running meanwhile keeps its journal and runs each slice exactly once.
/// </summary>
public sealed class GcSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(90);

    [Fact]
    public Task Gc_should_take_only_the_history_of_ended_executions_and_refuse_their_recover_after() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync(workers: 4); // the persistent job's worker, and room for the others
        using var client = new TerasliceHttpClient(new Uri($"http://127.0.0.1:{node.ApiPort}"));
        using var scratch = new ScratchDir("gc");
        var persistentLog = scratch.SliceLog("persistent");

        // a persistent job that runs through both collections
        var (persistentJob, persistentEx) = await node.Api.SubmitAsync(PersistentWithLog(persistentLog));
        await node.Api.WaitForLiveStatsAsync(persistentJob, s => Json.Long(s, "processed") >= 5, "processed >= 5", Bounded);
        // a once job run to completion, and one stopped mid-way
        var done = await client.SubmitJobAsync(JsonNode.Parse(Jobs.Quick("gc-done"))!.AsObject());
        Assert.Equal(JobOutcome.Completed, await client.AwaitJobCompletionAsync(done.JobId, Bounded));
        var (stoppedJob, stoppedEx) = await node.Api.SubmitAsync(Jobs.SlowOnce);
        await CrashSafetySpecs.WaitUntilMidWayAsync(node, stoppedJob, atLeast: 4);
        await node.Api.StopAsync(stoppedJob);
        Assert.True(await JournalRowsAsync(node, done.ExId!) > 0, "the completed execution should have a journal before the collection");

        // inside the retention: nothing goes, and a recovery replays exactly what the stopped one left
        var kept = await client.GcAsync(TimeSpan.FromHours(1));
        Assert.Equal((0, 0L, 0L), (kept.ExecutionsCollected, kept.JournalRowsDeleted, kept.SnapshotRowsDeleted));
        Assert.Equal(TimeSpan.FromHours(1), kept.Retention);
        Assert.NotNull(kept.BytesFreed);
        var stopped = Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{stoppedEx}"));
        var recovery = Json.Str((await node.Api.PostAsync($"/v1/ex/{stoppedEx}/_recover")).ShouldBeOk().AsObject(), "ex_id");
        var recovered = Json.Stats(await node.Api.WaitForStatusAsync(recovery, "completed", Completion));
        Assert.True(Json.Long(stopped, "processed") + Json.Long(recovered, "processed") == Jobs.SlowOnceSlices
                    && Json.Long(stopped, "records_in") + Json.Long(recovered, "records_in") == Jobs.SlowOnceRecords,
            $"the recovery inside the retention should finish the job exactly: stopped {stopped.ToJsonString()}, recovery {recovered.ToJsonString()}");

        // a retention of 0: every execution that ended loses its history, the living one keeps its own
        var report = await client.GcAsync(TimeSpan.Zero);
        Output.WriteLine($"[test] inside the retention: {kept}; retention 0: {report}");
        Assert.Equal(3, report.ExecutionsCollected); // the completed one, the stopped one and its recovery
        Assert.True(report.JournalRowsDeleted > 0, $"journal rows should be deleted: {report}");
        foreach (var exId in (string[])[done.ExId!, stoppedEx, recovery])
            Assert.Equal((0L, 0L), (await JournalRowsAsync(node, exId), await SnapshotRowsAsync(node, exId)));
        Assert.True(await JournalRowsAsync(node, persistentEx) + await SnapshotRowsAsync(node, persistentEx) > 0,
            "the living persistent execution should keep its journal");
        var gcEvent = (await node.Api.GetAsync("/v1/cluster/events?limit=1000", "application/json")).ShouldBeOk().AsArray().Select(e => e!.AsObject())
            .Single(e => Json.Str(e, "kind") == ClusterEventKinds.Gc && (long?)e["data"]?["executions_collected"] == 3);
        Assert.Equal(report.JournalRowsDeleted, (long)gcEvent["data"]!["journal_rows_deleted"]!);

        // their recover is refused before anything starts, saying why
        var refused = (await node.Api.PostAsync($"/v1/ex/{done.ExId}/_recover")).ShouldBeError(HttpStatusCode.Gone);
        Assert.StartsWith($"Execution {done.ExId} cannot be recovered: its slice history was garbage-collected on ", refused);
        var byClient = await Assert.ThrowsAsync<TerasliceException>(() => client.RecoverJobAsync(stoppedJob));
        Assert.Equal((RejectionKind.Gone, 410), (byClient.Kind, byClient.StatusCode));
        Assert.Contains($"Execution {recovery} cannot be recovered: its slice history was garbage-collected", byClient.Message);
        Assert.Single((await node.Api.GetArrayAsync("/v1/ex?size=100")), e => Json.Str(e!.AsObject(), "job_id") == done.JobId);

        // the persistent job went on through both collections and ran each slice once
        var before = Json.Long(Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{persistentEx}")), "processed");
        await node.Api.WaitForLiveStatsAsync(persistentJob, s => Json.Long(s, "processed") >= before + 10, $"processed >= {before + 10}", Bounded);
        await node.Api.StopAsync(persistentJob);
        var processed = Json.Long(Json.Stats(await node.Api.GetObjectAsync($"/v1/ex/{persistentEx}")), "processed");
        var lines = persistentLog.Read();
        Assert.True(lines.Select(l => l.SlicerOrder).Order().SequenceEqual(Enumerable.Range(1, lines.Count).Select(i => (long)i))
                    && lines.Count == processed && lines.All(l => l.Records == 10),
            $"the persistent job should run slices 1..{processed} once each, 10 records each:\n  {SliceLogFile.Describe(lines)}");
    });

    private static string PersistentWithLog(SliceLogFile log) => $$"""
        {"name":"gc-persistent","lifecycle":"persistent","workers":1,"operations":[{"_op":"data_generator","size":10,"slice_size":10},{"_op":"delay","ms":50},{{log.Operation}}]}
        """;

    private static Task<long> JournalRowsAsync(NodeProcess node, string exId) =>
        CountAsync(node, $"SELECT COUNT(*) FROM journal WHERE persistence_id = $pid", TerasliceNames.SlicerPersistenceId(exId, 0));

    private static Task<long> SnapshotRowsAsync(NodeProcess node, string exId) =>
        CountAsync(node, $"SELECT COUNT(*) FROM snapshot WHERE persistence_id = $pid", TerasliceNames.SlicerPersistenceId(exId, 0));

    /// <summary>A count read from the node's SQLite file while it runs (WAL: readers do not block it), on a connection of its own.</summary>
    private static async Task<long> CountAsync(NodeProcess node, string sql, string persistenceId)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(node.DataDir), "teraslice.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$pid", persistenceId);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
