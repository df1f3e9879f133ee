using System.Globalization;
using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Protocol.Api;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>
/// The behaviour of <see cref="SqlStateStore"/>, the same on every database: one subclass per provider.
/// Tests of a class share one database and run one after another; each starts with empty tables.
/// </summary>
public abstract class StateStoreSpecs(StateStoreFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected StateStoreFixture Fixture { get; } = fixture;

    protected SqlStateStore Store => Fixture.Store;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // ---- insert / get -------------------------------------------------------------------------

    [StoreFact]
    public async Task InsertJob_should_store_the_document_for_GetJob()
    {
        var job = Job("job-1", "first");

        await Store.InsertJobAsync(job);

        AssertSameJson(job, await Store.GetJobAsync("job-1"));
        Assert.Null(await Store.GetJobAsync("job-2"));
    }

    [StoreFact]
    public async Task InsertExecution_should_store_the_document_for_GetExecution()
    {
        var ex = Ex("ex-1", "job-1", "running");

        await Store.InsertExecutionAsync(ex);

        AssertSameJson(ex, await Store.GetExecutionAsync("ex-1"));
        Assert.Null(await Store.GetExecutionAsync("ex-2"));
    }

    [StoreFact]
    public async Task GetJob_should_keep_the_key_order_and_text_of_the_document()
    {
        // Not alphabetical, nested objects, non-ASCII: jsonb or a re-serialising store would change them.
        var job = JsonNode.Parse("""
            {"zeta":1,"job_id":"job-1","name":"café ☕ \"quoted\"","_created":"2024-01-01T00:00:00.000Z",
             "alpha":{"b":[3,2,1],"a":null},"_updated":"2024-01-01T00:00:00.000Z","big":12345678901234567890,"m":true}
            """)!.AsObject();
        var ex = Ex("ex-1", "job-1");
        ex["zz"] = new JsonObject { ["y"] = 1, ["x"] = 2 };
        ex["aa"] = "last";

        await Store.InsertJobAsync(job);
        await Store.InsertExecutionAsync(ex);

        Assert.Equal(job.ToJsonString(), (await Store.GetJobAsync("job-1"))!.ToJsonString());
        Assert.Equal(ex.ToJsonString(), (await Store.GetExecutionAsync("ex-1"))!.ToJsonString());
    }

    [StoreFact]
    public async Task InsertJob_should_reject_a_duplicate_job_id_and_keep_the_first()
    {
        await Store.InsertJobAsync(Job("job-1", "first"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.InsertJobAsync(Job("job-1", "second")));

        Assert.Contains("job-1", error.Message);
        Assert.Equal("first", (string?)(await Store.GetJobAsync("job-1"))!["name"]);
    }

    [StoreFact]
    public async Task InsertExecution_should_reject_a_duplicate_ex_id()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.InsertExecutionAsync(Ex("ex-1", "job-2")));
    }

    [StoreFact]
    public async Task InsertJob_should_reject_a_document_without_a_valid_timestamp()
    {
        var missing = Job("job-1");
        missing.Remove("_created");
        var garbled = Job("job-2");
        garbled["_updated"] = "last tuesday";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.InsertJobAsync(missing));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.InsertJobAsync(garbled));

        Assert.Contains("_created", error.Message);
        Assert.Empty(await Store.ListJobsAsync(Query(), active: null));
    }

    [StoreFact]
    public async Task GetJob_should_observe_a_cancelled_token()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetJobAsync("job-1", new CancellationToken(canceled: true)));
    }

    // ---- lists --------------------------------------------------------------------------------

    [StoreFact]
    public async Task ListJobs_should_page_with_from_and_size()
    {
        for (var i = 0; i < 5; i++)
            await Store.InsertJobAsync(Job($"job-{i}", created: i));

        Assert.Equal(["job-1", "job-2"], Ids(await Store.ListJobsAsync(Query(from: 1, size: 2), null), "job_id"));
        Assert.Equal(["job-4", "job-3"], Ids(await Store.ListJobsAsync(Query(desc: true, size: 2), null), "job_id"));
        Assert.Equal(["job-4"], Ids(await Store.ListJobsAsync(Query(from: 4, size: 10), null), "job_id"));
        Assert.Empty(await Store.ListJobsAsync(Query(from: 5), null));
    }

    [StoreFact]
    public async Task ListExecutions_should_page_with_from_and_size()
    {
        for (var i = 0; i < 5; i++)
            await Store.InsertExecutionAsync(Ex($"ex-{i}", "job-1", created: i));

        Assert.Equal(["ex-2", "ex-3", "ex-4"], Ids(await Store.ListExecutionsAsync(Query(from: 2, size: 3), null, null), "ex_id"));
        Assert.Equal(["ex-0"], Ids(await Store.ListExecutionsAsync(Query(desc: true, from: 4), null, null), "ex_id"));
    }

    public static TheoryData<string, bool> JobSorts() => Sorts(SortableFields.Jobs);

    public static TheoryData<string, bool> ExecutionSorts() => Sorts(SortableFields.Executions);

    [StoreTheory]
    [MemberData(nameof(JobSorts))]
    public async Task ListJobs_should_sort_by_each_sortable_field(string field, bool descending)
    {
        foreach (var row in SortRows)
            await Store.InsertJobAsync(Job(row.JobId, row.Name, row.Created, row.Updated));

        var listed = await Store.ListJobsAsync(Query(field, descending), null);

        Assert.Equal(ExpectedOrder(field, descending, r => r.JobId), Ids(listed, "job_id"));
    }

    [StoreTheory]
    [MemberData(nameof(ExecutionSorts))]
    public async Task ListExecutions_should_sort_by_each_sortable_field(string field, bool descending)
    {
        foreach (var row in SortRows)
            await Store.InsertExecutionAsync(Ex(row.ExId, row.JobId, row.Status, row.Created, row.Updated, row.Name));

        var listed = await Store.ListExecutionsAsync(Query(field, descending), null, null);

        Assert.Equal(ExpectedOrder(field, descending, r => r.ExId), Ids(listed, "ex_id"));
    }

    [StoreFact]
    public async Task ListJobs_should_break_ties_by_job_id()
    {
        foreach (var id in new[] { "job-b", "job-c", "job-a" })
            await Store.InsertJobAsync(Job(id, "same", created: 7, updated: 7));

        Assert.Equal(["job-a", "job-b", "job-c"], Ids(await Store.ListJobsAsync(Query("name"), null), "job_id"));
        Assert.Equal(["job-c", "job-b", "job-a"], Ids(await Store.ListJobsAsync(Query("_updated", true), null), "job_id"));
    }

    [StoreFact]
    public async Task ListJobs_should_sort_a_missing_name_as_the_smallest()
    {
        var nameless = Job("job-x", created: 1);
        nameless.Remove("name");
        await Store.InsertJobAsync(nameless);
        await Store.InsertJobAsync(Job("job-y", "a-name", created: 2));

        Assert.Equal(["job-x", "job-y"], Ids(await Store.ListJobsAsync(Query("name"), null), "job_id"));
        Assert.Equal(["job-y", "job-x"], Ids(await Store.ListJobsAsync(Query("name", true), null), "job_id"));
    }

    [StoreFact]
    public async Task ListJobs_should_filter_on_deleted()
    {
        await Store.InsertJobAsync(Job("job-live", created: 1));
        await Store.InsertJobAsync(Job("job-gone", created: 2, deleted: true));

        Assert.Equal(["job-live"], Ids(await Store.ListJobsAsync(Query(deleted: false), null), "job_id"));
        Assert.Equal(["job-gone"], Ids(await Store.ListJobsAsync(Query(deleted: true), null), "job_id"));
    }

    [StoreFact]
    public async Task ListExecutions_should_filter_on_deleted()
    {
        await Store.InsertExecutionAsync(Ex("ex-live", "job-1", created: 1));
        await Store.InsertExecutionAsync(Ex("ex-gone", "job-1", created: 2, deleted: true));

        Assert.Equal(["ex-live"], Ids(await Store.ListExecutionsAsync(Query(deleted: false), null, null), "ex_id"));
        Assert.Equal(["ex-gone"], Ids(await Store.ListExecutionsAsync(Query(deleted: true), null, "job-1"), "ex_id"));
    }

    [StoreFact]
    public async Task ListJobs_should_filter_on_active_counting_a_missing_active_as_active()
    {
        await Store.InsertJobAsync(Job("job-on", created: 1, active: true));
        await Store.InsertJobAsync(Job("job-off", created: 2, active: false));
        await Store.InsertJobAsync(Job("job-unset", created: 3));

        Assert.Equal(["job-on", "job-unset"], Ids(await Store.ListJobsAsync(Query(), active: true), "job_id"));
        Assert.Equal(["job-off"], Ids(await Store.ListJobsAsync(Query(), active: false), "job_id"));
        Assert.Equal(["job-on", "job-off", "job-unset"], Ids(await Store.ListJobsAsync(Query(), active: null), "job_id"));
    }

    [StoreFact]
    public async Task ListExecutions_should_filter_on_statuses()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "running", created: 1));
        await Store.InsertExecutionAsync(Ex("ex-2", "job-2", "failed", created: 2));
        await Store.InsertExecutionAsync(Ex("ex-3", "job-3", "completed", created: 3));
        await Store.InsertExecutionAsync(Ex("ex-4", "job-4", "running", created: 4));

        Assert.Equal(["ex-1", "ex-4"], Ids(await Store.ListExecutionsAsync(Query(), ["running"], null), "ex_id"));
        Assert.Equal(["ex-2", "ex-3"], Ids(await Store.ListExecutionsAsync(Query(), ["completed", "failed"], null), "ex_id"));
        Assert.Empty(await Store.ListExecutionsAsync(Query(), ["paused"], null));
        Assert.Empty(await Store.ListExecutionsAsync(Query(), [], null));
        Assert.Equal(4, (await Store.ListExecutionsAsync(Query(), null, null)).Count);
    }

    [StoreFact]
    public async Task ListExecutions_should_filter_on_job_id()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "failed", created: 1));
        await Store.InsertExecutionAsync(Ex("ex-2", "job-2", "running", created: 2));
        await Store.InsertExecutionAsync(Ex("ex-3", "job-1", "running", created: 3));

        Assert.Equal(["ex-1", "ex-3"], Ids(await Store.ListExecutionsAsync(Query(), null, "job-1"), "ex_id"));
        Assert.Equal(["ex-3"], Ids(await Store.ListExecutionsAsync(Query(), ["running"], "job-1"), "ex_id"));
        Assert.Empty(await Store.ListExecutionsAsync(Query(), null, "job-9"));
    }

    [StoreTheory]
    [InlineData("doc")]
    [InlineData("active")]
    [InlineData("ex_id")]
    [InlineData("_status")]
    [InlineData("created")]
    [InlineData("NAME")]
    [InlineData("")]
    [InlineData("name; DROP TABLE ts_jobs")]
    public async Task ListJobs_should_reject_a_field_that_is_not_sortable(string field)
    {
        await Store.InsertJobAsync(Job("job-1"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.ListJobsAsync(Query(field), null));

        Assert.Contains("sortable fields", error.Message);
        Assert.Single(await Store.ListJobsAsync(Query(), null));
    }

    [StoreTheory]
    [InlineData("doc")]
    [InlineData("status")]
    [InlineData("_deleted")]
    [InlineData("_updated DESC")]
    public async Task ListExecutions_should_reject_a_field_that_is_not_sortable(string field)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListExecutionsAsync(Query(field), null, null));
        // Even when the filter alone would return nothing.
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListExecutionsAsync(Query(field), [], null));
    }

    // ---- latest executions --------------------------------------------------------------------

    [StoreFact]
    public async Task GetLatestExecution_should_return_the_newest_by_created_including_deleted()
    {
        // The ids sort the other way round, and the newest is only one millisecond newer.
        await Store.InsertExecutionAsync(Ex("ex-c", "job-1", "completed", created: 1000, updated: 9000));
        await Store.InsertExecutionAsync(Ex("ex-a", "job-1", "stopped", created: 1001, deleted: true));
        await Store.InsertExecutionAsync(Ex("ex-b", "job-1", "failed", created: 500));
        await Store.InsertExecutionAsync(Ex("ex-z", "job-2", "running", created: 5000));

        Assert.Equal("ex-a", (string?)(await Store.GetLatestExecutionAsync("job-1"))!["ex_id"]);
        Assert.Equal("ex-z", (string?)(await Store.GetLatestExecutionAsync("job-2"))!["ex_id"]);
        Assert.Null(await Store.GetLatestExecutionAsync("job-3"));
    }

    [StoreFact]
    public async Task GetLatestExecutions_should_return_the_newest_of_each_job_asked_for()
    {
        await Store.InsertExecutionAsync(Ex("ex-1a", "job-1", created: 10));
        await Store.InsertExecutionAsync(Ex("ex-1b", "job-1", created: 30, deleted: true));
        await Store.InsertExecutionAsync(Ex("ex-1c", "job-1", created: 20));
        await Store.InsertExecutionAsync(Ex("ex-2a", "job-2", created: 5));
        await Store.InsertExecutionAsync(Ex("ex-4a", "job-4", created: 99)); // not asked for

        var latest = await Store.GetLatestExecutionsAsync(["job-1", "job-2", "job-3"]);

        Assert.Equal(["job-1", "job-2"], latest.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ex-1b", (string?)latest["job-1"]["ex_id"]);
        Assert.Equal("ex-2a", (string?)latest["job-2"]["ex_id"]);
        AssertSameJson(await Store.GetExecutionAsync("ex-1b"), latest["job-1"]);
    }

    [StoreFact]
    public async Task GetLatestExecutions_should_return_nothing_for_no_jobs()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1"));

        Assert.Empty(await Store.GetLatestExecutionsAsync([]));
    }

    // ---- patch / replace ----------------------------------------------------------------------

    [StoreFact]
    public async Task PatchExecution_should_replace_keys_in_place_and_append_new_ones()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "pending", created: 1, updated: 1));
        var patch = new JsonObject { ["extra"] = new JsonObject { ["k"] = 1 }, ["_status"] = "running", ["_updated"] = Ts(2) };

        var merged = await Store.PatchExecutionAsync("ex-1", patch);

        Assert.NotNull(merged);
        Assert.Equal(["ex_id", "job_id", "_context", "name", "_status", "_created", "_updated", "extra"], merged.Select(p => p.Key));
        Assert.Equal("running", (string?)merged["_status"]);
        Assert.Equal(Ts(2), (string?)merged["_updated"]);
        Assert.Equal(1, (int)merged["extra"]!["k"]!);
        Assert.Equal(merged.ToJsonString(), (await Store.GetExecutionAsync("ex-1"))!.ToJsonString());
        // The patch keeps its own nodes; the result is detached from it.
        Assert.Same(patch, patch["extra"]!.Parent);
        Assert.Null(merged.Parent);
    }

    [StoreFact]
    public async Task PatchExecution_should_update_the_columns_lists_use()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "pending", created: 1, updated: 1));
        await Store.InsertExecutionAsync(Ex("ex-2", "job-1", "pending", created: 2, updated: 2));

        await Store.PatchExecutionAsync("ex-1", new JsonObject { ["_status"] = "running", ["_updated"] = Ts(3), ["name"] = "zzz" });

        Assert.Equal(["ex-1"], Ids(await Store.ListExecutionsAsync(Query(), ["running"], null), "ex_id"));
        Assert.Equal(["ex-2"], Ids(await Store.ListExecutionsAsync(Query(), ["pending"], null), "ex_id"));
        Assert.Equal(["ex-1", "ex-2"], Ids(await Store.ListExecutionsAsync(Query("_updated", true), null, null), "ex_id"));
        Assert.Equal(["ex-1", "ex-2"], Ids(await Store.ListExecutionsAsync(Query("name", true), null, null), "ex_id"));

        await Store.PatchExecutionAsync("ex-2", new JsonObject { ["_deleted"] = true });

        Assert.Equal(["ex-2"], Ids(await Store.ListExecutionsAsync(Query(deleted: true), null, null), "ex_id"));
        Assert.Equal(["ex-1"], Ids(await Store.ListExecutionsAsync(Query(), null, null), "ex_id"));
    }

    [StoreFact]
    public async Task PatchExecution_should_return_null_for_a_missing_execution()
    {
        Assert.Null(await Store.PatchExecutionAsync("ex-404", new JsonObject { ["_status"] = "running" }));

        Assert.Null(await Store.GetExecutionAsync("ex-404"));
    }

    [StoreFact]
    public async Task PatchExecution_should_reject_a_patch_that_changes_the_ex_id()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1"));

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PatchExecutionAsync("ex-1", new JsonObject { ["ex_id"] = "ex-2" }));
        Assert.NotNull(await Store.PatchExecutionAsync("ex-1", new JsonObject { ["ex_id"] = "ex-1" }));
        Assert.Null(await Store.GetExecutionAsync("ex-2"));
    }

    [StoreFact]
    public async Task PatchExecution_should_roll_back_a_patch_that_breaks_the_document()
    {
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "pending"));

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.PatchExecutionAsync("ex-1", new JsonObject { ["_status"] = "running", ["_updated"] = "soon" }));

        Assert.Equal("pending", (string?)(await Store.GetExecutionAsync("ex-1"))!["_status"]);
        // The write lock was released: the next patch goes through.
        Assert.NotNull(await Store.PatchExecutionAsync("ex-1", new JsonObject { ["_status"] = "running" }));
    }

    [StoreFact]
    public async Task PatchJob_should_merge_and_update_the_columns()
    {
        await Store.InsertJobAsync(Job("job-1", "b", created: 1, updated: 1));
        await Store.InsertJobAsync(Job("job-2", "a", created: 2, updated: 2));

        var merged = await Store.PatchJobAsync("job-1", new JsonObject { ["active"] = false, ["name"] = "0-first" });

        Assert.Equal(["job_id", "name", "_context", "_created", "_updated", "active"], merged!.Select(p => p.Key));
        Assert.Equal(["job-1"], Ids(await Store.ListJobsAsync(Query(), active: false), "job_id"));
        Assert.Equal(["job-2"], Ids(await Store.ListJobsAsync(Query(), active: true), "job_id"));
        Assert.Equal(["job-1", "job-2"], Ids(await Store.ListJobsAsync(Query("name"), null), "job_id"));
        AssertSameJson(merged, await Store.GetJobAsync("job-1"));
    }

    [StoreFact]
    public async Task PatchJob_should_return_null_for_a_missing_job()
    {
        Assert.Null(await Store.PatchJobAsync("job-404", new JsonObject { ["active"] = false }));

        Assert.Null(await Store.GetJobAsync("job-404"));
    }

    [StoreFact]
    public async Task ReplaceJob_should_replace_the_whole_document_and_its_columns()
    {
        var original = Job("job-1", "old", created: 1, updated: 1);
        original["workers"] = 4;
        await Store.InsertJobAsync(original);
        await Store.InsertJobAsync(Job("job-2", "middle", created: 2, updated: 2));

        var replacement = new JsonObject
        {
            ["name"] = "zzz", ["job_id"] = "job-1", ["active"] = false, ["_updated"] = Ts(3), ["_created"] = Ts(1),
        };
        await Store.ReplaceJobAsync(replacement);

        Assert.Equal(replacement.ToJsonString(), (await Store.GetJobAsync("job-1"))!.ToJsonString());
        Assert.Equal(["job-2", "job-1"], Ids(await Store.ListJobsAsync(Query("name"), null), "job_id"));
        Assert.Equal(["job-1", "job-2"], Ids(await Store.ListJobsAsync(Query("_updated", true), null), "job_id"));
        Assert.Equal(["job-1"], Ids(await Store.ListJobsAsync(Query(), active: false), "job_id"));
    }

    [StoreFact]
    public async Task ReplaceJob_should_throw_for_a_missing_job()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.ReplaceJobAsync(Job("job-404")));

        Assert.Null(await Store.GetJobAsync("job-404"));
    }

    // ---- soft delete ----------------------------------------------------------------------------

    [StoreFact]
    public async Task SoftDeleteJob_should_mark_the_job_and_return_the_stored_document()
    {
        await Store.InsertJobAsync(Job("job-1", "first", created: 1, updated: 1, active: true));

        var deleted = await Store.SoftDeleteJobAsync("job-1", Ts(100));

        Assert.NotNull(deleted);
        // Keys already there keep their place; new ones are appended.
        Assert.Equal(["job_id", "name", "_context", "_created", "_updated", "active", "_deleted", "_deleted_on"], deleted.Select(p => p.Key));
        Assert.True((bool)deleted["_deleted"]!);
        Assert.Equal(Ts(100), (string?)deleted["_deleted_on"]);
        Assert.False((bool)deleted["active"]!);
        Assert.Equal(Ts(100), (string?)deleted["_updated"]);
        Assert.Equal(Ts(1), (string?)deleted["_created"]);
        Assert.Equal(deleted.ToJsonString(), (await Store.GetJobAsync("job-1"))!.ToJsonString());
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_mark_every_execution_of_the_job()
    {
        await Store.InsertJobAsync(Job("job-1", created: 1, updated: 1));
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "completed", created: 1, updated: 1));
        await Store.InsertExecutionAsync(Ex("ex-2", "job-1", "failed", created: 2, updated: 2));
        await Store.InsertExecutionAsync(Ex("ex-3", "job-1", "stopped", created: 3, updated: 3));

        await Store.SoftDeleteJobAsync("job-1", Ts(100));

        foreach (var (id, status) in new[] { ("ex-1", "completed"), ("ex-2", "failed"), ("ex-3", "stopped") })
        {
            var ex = (await Store.GetExecutionAsync(id))!;
            Assert.Equal(["ex_id", "job_id", "_context", "name", "_status", "_created", "_updated", "_deleted", "_deleted_on"], ex.Select(p => p.Key));
            Assert.True((bool)ex["_deleted"]!);
            Assert.Equal(Ts(100), (string?)ex["_deleted_on"]);
            Assert.Equal(Ts(100), (string?)ex["_updated"]);
            Assert.Equal(status, (string?)ex["_status"]);
            Assert.False(ex.ContainsKey("active"));
        }
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_move_the_job_and_its_executions_to_the_deleted_lists()
    {
        await Store.InsertJobAsync(Job("job-1", created: 1, updated: 1));
        await Store.InsertJobAsync(Job("job-2", created: 2, updated: 2));
        await Store.InsertJobAsync(Job("job-old", created: 3, updated: 50, active: false, deleted: true));
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "completed", created: 1, updated: 1));
        await Store.InsertExecutionAsync(Ex("ex-2", "job-1", "failed", created: 2, updated: 2));
        await Store.InsertExecutionAsync(Ex("ex-3", "job-2", "running", created: 3, updated: 3));
        await Store.InsertExecutionAsync(Ex("ex-old", "job-old", "stopped", created: 4, updated: 50, deleted: true));

        await Store.SoftDeleteJobAsync("job-1", Ts(100));

        Assert.Equal(["job-2"], Ids(await Store.ListJobsAsync(Query(deleted: false), null), "job_id"));
        Assert.Equal(["job-1", "job-old"], Ids(await Store.ListJobsAsync(Query(deleted: true), null), "job_id"));
        Assert.Equal(["job-1", "job-old"], Ids(await Store.ListJobsAsync(Query(deleted: true), active: false), "job_id"));
        Assert.Empty(await Store.ListJobsAsync(Query(deleted: true), active: true));
        Assert.Equal(["ex-3"], Ids(await Store.ListExecutionsAsync(Query(deleted: false), null, null), "ex_id"));
        Assert.Empty(await Store.ListExecutionsAsync(Query(deleted: false), null, "job-1"));
        Assert.Equal(["ex-1", "ex-2"], Ids(await Store.ListExecutionsAsync(Query(deleted: true), null, "job-1"), "ex_id"));
        // The updated columns follow: before the delete, job-1 and its executions were older than the others.
        Assert.Equal(["job-old", "job-1"], Ids(await Store.ListJobsAsync(Query("_updated", deleted: true), null), "job_id"));
        Assert.Equal(["ex-old", "ex-1", "ex-2"], Ids(await Store.ListExecutionsAsync(Query("_updated", deleted: true), null, null), "ex_id"));
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_leave_the_deleted_execution_as_the_latest()
    {
        await Store.InsertJobAsync(Job("job-1"));
        await Store.InsertExecutionAsync(Ex("ex-b", "job-1", "completed", created: 1));
        await Store.InsertExecutionAsync(Ex("ex-a", "job-1", "failed", created: 2));

        await Store.SoftDeleteJobAsync("job-1", Ts(100));

        var latest = await Store.GetLatestExecutionAsync("job-1");
        Assert.Equal("ex-a", (string?)latest!["ex_id"]);
        Assert.True((bool)latest["_deleted"]!);
        Assert.True((bool)(await Store.GetLatestExecutionsAsync(["job-1"]))["job-1"]["_deleted"]!);
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_return_null_and_change_nothing_for_an_unknown_job()
    {
        // Executions that name a job which does not exist are not touched either.
        var orphan = Ex("ex-1", "job-404", "completed");
        await Store.InsertExecutionAsync(orphan);

        Assert.Null(await Store.SoftDeleteJobAsync("job-404", Ts(100)));

        Assert.Null(await Store.GetJobAsync("job-404"));
        AssertSameJson(orphan, await Store.GetExecutionAsync("ex-1"));
        Assert.Equal(["ex-1"], Ids(await Store.ListExecutionsAsync(Query(deleted: false), null, null), "ex_id"));
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_leave_other_jobs_and_their_executions_untouched()
    {
        var other = Job("job-2", created: 2, updated: 2, active: true);
        var otherEx = Ex("ex-2", "job-2", "running", created: 2, updated: 2);
        // A job id that shares a prefix with the deleted one.
        var prefixed = Ex("ex-10", "job-10", "completed", created: 3, updated: 3);
        await Store.InsertJobAsync(Job("job-1", created: 1, updated: 1));
        await Store.InsertJobAsync(other);
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "completed", created: 1, updated: 1));
        await Store.InsertExecutionAsync(otherEx);
        await Store.InsertExecutionAsync(prefixed);

        await Store.SoftDeleteJobAsync("job-1", Ts(100));

        AssertSameJson(other, await Store.GetJobAsync("job-2"));
        AssertSameJson(otherEx, await Store.GetExecutionAsync("ex-2"));
        AssertSameJson(prefixed, await Store.GetExecutionAsync("ex-10"));
        Assert.Equal(["job-2"], Ids(await Store.ListJobsAsync(Query(), active: true), "job_id"));
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_mark_a_job_without_executions()
    {
        await Store.InsertJobAsync(Job("job-1"));

        Assert.NotNull(await Store.SoftDeleteJobAsync("job-1", Ts(100)));

        Assert.Equal(["job-1"], Ids(await Store.ListJobsAsync(Query(deleted: true), null), "job_id"));
    }

    [StoreTheory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2024-01-01")]
    public async Task SoftDeleteJob_should_reject_a_deleted_on_that_is_not_a_timestamp(string deletedOn)
    {
        var job = Job("job-1");
        await Store.InsertJobAsync(job);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.SoftDeleteJobAsync("job-1", deletedOn));

        Assert.Equal("deletedOn", error.ParamName);
        AssertSameJson(job, await Store.GetJobAsync("job-1"));
    }

    [StoreFact]
    public async Task SoftDeleteJob_should_roll_everything_back_when_one_execution_cannot_be_written()
    {
        var job = Job("job-1", created: 1, updated: 1);
        var first = Ex("ex-1", "job-1", "completed", created: 1, updated: 1);
        await Store.InsertJobAsync(job);
        await Store.InsertExecutionAsync(first);
        await Store.InsertExecutionAsync(Ex("ex-2", "job-1", "failed", created: 2, updated: 2));
        // Damage the second execution (ex_id order) behind the store's back: its merged document has no _created.
        await Fixture.ExecuteAsync("""UPDATE ts_executions SET doc = '{"ex_id":"ex-2","job_id":"job-1"}' WHERE ex_id = 'ex-2'""");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.SoftDeleteJobAsync("job-1", Ts(100)));

        // The job and ex-1 were written inside the transaction before ex-2 failed.
        AssertSameJson(job, await Store.GetJobAsync("job-1"));
        AssertSameJson(first, await Store.GetExecutionAsync("ex-1"));
        Assert.Empty(await Store.ListJobsAsync(Query(deleted: true), null));
        // The write lock was released: the next write goes through.
        Assert.NotNull(await Store.PatchJobAsync("job-1", new JsonObject { ["active"] = false }));
    }

    // ---- slice errors -------------------------------------------------------------------------

    [StoreFact]
    public async Task UpsertSliceErrors_should_store_the_records_for_ListSliceErrors()
    {
        var errors = new[] { SliceError("ex-1", "slice-a", order: 1, created: 1), SliceError("ex-1", "slice-b", order: 2, created: 2) };

        await Store.UpsertSliceErrorsAsync(errors);

        var listed = await Store.ListSliceErrorsAsync(Query(), "ex-1");
        Assert.Equal(2, listed.Count);
        AssertSameJson(errors[0], listed[0]);
        AssertSameJson(errors[1], listed[1]);
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_keep_the_key_order_and_text_of_the_record()
    {
        // Not alphabetical, request as a JSON string, non-ASCII and a multi-line stack in error.
        var error = JsonNode.Parse("""
            {"slice_id":"slice-1","slicer_id":0,"slicer_order":12,"request":"{\"count\":10,\"key\":\"é\"}",
             "state":"error","ex_id":"ex-1","_created":"2024-01-01T00:00:00.000Z","_updated":"2024-01-01T00:00:01.000Z",
             "error":"Error: bad ☕\n    at run (worker.js:1:1)","retry_count":3}
            """)!.AsObject();

        await Store.UpsertSliceErrorsAsync([error]);

        var stored = Assert.Single(await Store.ListSliceErrorsAsync(Query(), null));
        Assert.Equal(error.ToJsonString(), stored.ToJsonString());
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_replace_a_stored_slice_with_the_later_record()
    {
        await Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a", order: 1, created: 1, updated: 1, error: "first")]);
        await Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-b", order: 2, created: 2, updated: 2)]);
        // Written again after a restart: new content, another key order, newer _updated.
        var again = SliceError("ex-1", "slice-a", order: 1, created: 1, updated: 3, error: "second");
        again.Remove("slicer_id");
        again["slicer_id"] = 0;
        again["retry_count"] = 2;

        await Store.UpsertSliceErrorsAsync([again]);

        var listed = await Store.ListSliceErrorsAsync(Query("slice_id"), null);
        Assert.Equal(["slice-a", "slice-b"], Ids(listed, "slice_id"));
        Assert.Equal(again.ToJsonString(), listed[0].ToJsonString());
        // The columns follow the replacing record.
        Assert.Equal(["slice-b", "slice-a"], Ids(await Store.ListSliceErrorsAsync(Query("_updated"), "ex-1"), "slice_id"));
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_be_idempotent()
    {
        var batch = new[] { SliceError("ex-1", "slice-a", created: 1), SliceError("ex-1", "slice-b", created: 2) };

        await Store.UpsertSliceErrorsAsync(batch);
        await Store.UpsertSliceErrorsAsync(batch);

        var listed = await Store.ListSliceErrorsAsync(Query(), null);
        Assert.Equal(["slice-a", "slice-b"], Ids(listed, "slice_id"));
        AssertSameJson(batch[0], listed[0]);
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_let_the_later_record_of_a_slice_in_one_batch_win()
    {
        // slice-z sorts after slice-a but comes first: the store's write order must not change the winner.
        await Store.UpsertSliceErrorsAsync(
        [
            SliceError("ex-1", "slice-z", created: 1, error: "first"),
            SliceError("ex-1", "slice-a", created: 2),
            SliceError("ex-1", "slice-z", created: 1, error: "second"),
        ]);

        var listed = await Store.ListSliceErrorsAsync(Query("slice_id"), "ex-1");
        Assert.Equal(["slice-a", "slice-z"], Ids(listed, "slice_id"));
        Assert.Equal("second", (string?)listed[1]["error"]);
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_key_on_the_execution_and_the_slice()
    {
        // The same slice_id in two executions (a recovery re-runs a slice under a new ex_id) is two rows.
        await Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a", created: 1, error: "in ex-1")]);
        await Store.UpsertSliceErrorsAsync([SliceError("ex-2", "slice-a", created: 2, error: "in ex-2")]);

        var listed = await Store.ListSliceErrorsAsync(Query(), null);
        Assert.Equal(["in ex-1", "in ex-2"], listed.Select(e => (string)e["error"]!));
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_do_nothing_for_an_empty_batch()
    {
        await Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a")]);

        await Store.UpsertSliceErrorsAsync([]);

        Assert.Single(await Store.ListSliceErrorsAsync(Query(), null));
    }

    [StoreTheory]
    [InlineData("no slice_id")]
    [InlineData("no ex_id")]
    [InlineData("slicer_order as text")]
    [InlineData("fractional slicer_order")]
    [InlineData("state completed")]
    [InlineData("no state")]
    [InlineData("bad _created")]
    [InlineData("no _updated")]
    public async Task UpsertSliceErrors_should_reject_an_invalid_record_and_write_none_of_the_batch(string defect)
    {
        var bad = SliceError("ex-1", "slice-b");
        switch (defect)
        {
            case "no slice_id": bad.Remove("slice_id"); break;
            case "no ex_id": bad.Remove("ex_id"); break;
            case "slicer_order as text": bad["slicer_order"] = "7"; break;
            case "fractional slicer_order": bad["slicer_order"] = 1.5; break;
            case "state completed": bad["state"] = "completed"; break;
            case "no state": bad.Remove("state"); break;
            case "bad _created": bad["_created"] = "soon"; break;
            case "no _updated": bad.Remove("_updated"); break;
            default: throw new ArgumentOutOfRangeException(nameof(defect), defect, "unknown defect");
        }

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a"), bad, SliceError("ex-1", "slice-c")]));

        Assert.Empty(await Store.ListSliceErrorsAsync(Query(), null));
    }

    [StoreFact]
    public async Task UpsertSliceErrors_should_reject_a_null_record()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a"), null!]));

        Assert.Empty(await Store.ListSliceErrorsAsync(Query(), null));
    }

    [StoreFact]
    public async Task ListSliceErrors_should_filter_on_the_execution()
    {
        await Store.UpsertSliceErrorsAsync(
        [
            SliceError("ex-1", "slice-a", created: 1),
            SliceError("ex-2", "slice-b", created: 2),
            SliceError("ex-1", "slice-c", created: 3),
            SliceError("ex-10", "slice-d", created: 4),
        ]);

        Assert.Equal(["slice-a", "slice-c"], Ids(await Store.ListSliceErrorsAsync(Query(), "ex-1"), "slice_id"));
        Assert.Equal(["slice-b"], Ids(await Store.ListSliceErrorsAsync(Query(), "ex-2"), "slice_id"));
        Assert.Equal(["slice-a", "slice-b", "slice-c", "slice-d"], Ids(await Store.ListSliceErrorsAsync(Query(), null), "slice_id"));
        Assert.Empty(await Store.ListSliceErrorsAsync(Query(), "ex-9"));
    }

    [StoreFact]
    public async Task ListSliceErrors_should_page_with_from_and_size()
    {
        await Store.UpsertSliceErrorsAsync(Enumerable.Range(0, 5).Select(i => SliceError("ex-1", $"slice-{i}", order: i, created: i)).ToList());

        Assert.Equal(["slice-1", "slice-2"], Ids(await Store.ListSliceErrorsAsync(Query(from: 1, size: 2), "ex-1"), "slice_id"));
        Assert.Equal(["slice-4", "slice-3"], Ids(await Store.ListSliceErrorsAsync(Query(desc: true, size: 2), null), "slice_id"));
        Assert.Equal(["slice-0"], Ids(await Store.ListSliceErrorsAsync(Query(desc: true, from: 4), "ex-1"), "slice_id"));
        Assert.Empty(await Store.ListSliceErrorsAsync(Query(from: 5), "ex-1"));
    }

    [StoreFact]
    public async Task ListSliceErrors_should_ignore_the_deleted_option()
    {
        await Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a", created: 1), SliceError("ex-2", "slice-b", created: 2)]);

        Assert.Equal(["slice-a", "slice-b"], Ids(await Store.ListSliceErrorsAsync(Query(deleted: true), null), "slice_id"));
        Assert.Equal(["slice-a"], Ids(await Store.ListSliceErrorsAsync(Query(deleted: true), "ex-1"), "slice_id"));
        Assert.Equal(["slice-a", "slice-b"], Ids(await Store.ListSliceErrorsAsync(Query(deleted: false), null), "slice_id"));
    }

    public static TheoryData<string, bool> SliceErrorSorts() => Sorts(SortableFields.SliceErrors);

    [StoreTheory]
    [MemberData(nameof(SliceErrorSorts))]
    public async Task ListSliceErrors_should_sort_by_each_sortable_field(string field, bool descending)
    {
        await Store.UpsertSliceErrorsAsync(
            ErrorSortRows.Select(r => SliceError(r.ExId, r.SliceId, r.Order, r.Created, r.Updated)).ToList());

        var listed = await Store.ListSliceErrorsAsync(Query(field, descending), null);

        Assert.Equal(ExpectedErrorOrder(field, descending), Ids(listed, "slice_id"));
    }

    [StoreTheory]
    [MemberData(nameof(SliceErrorSorts))]
    public async Task ListSliceErrors_should_sort_one_execution_by_each_sortable_field(string field, bool descending)
    {
        // The same rows moved to one execution, plus another execution's errors that must not show.
        await Store.UpsertSliceErrorsAsync(
            ErrorSortRows.Select(r => SliceError("ex-1", r.SliceId, r.Order, r.Created, r.Updated))
                .Append(SliceError("ex-0", "s-0", 0, 0, 0))
                .ToList());

        var listed = await Store.ListSliceErrorsAsync(Query(field, descending), "ex-1");

        var expected = field == "ex_id" ? ExpectedErrorOrder("slice_id", descending) : ExpectedErrorOrder(field, descending);
        Assert.Equal(expected, Ids(listed, "slice_id"));
    }

    [StoreFact]
    public async Task ListSliceErrors_should_break_ties_by_ex_id_then_slice_id()
    {
        await Store.UpsertSliceErrorsAsync(
        [
            SliceError("ex-b", "slice-1", order: 1, created: 5),
            SliceError("ex-a", "slice-2", order: 1, created: 5),
            SliceError("ex-a", "slice-1", order: 1, created: 5),
        ]);

        static string[] Keys(IEnumerable<JsonObject> errors) => errors.Select(e => $"{e["ex_id"]}/{e["slice_id"]}").ToArray();
        Assert.Equal(["ex-a/slice-1", "ex-a/slice-2", "ex-b/slice-1"], Keys(await Store.ListSliceErrorsAsync(Query("_created"), null)));
        Assert.Equal(["ex-b/slice-1", "ex-a/slice-2", "ex-a/slice-1"], Keys(await Store.ListSliceErrorsAsync(Query("slicer_order", true), null)));
        Assert.Equal(["ex-a/slice-1", "ex-b/slice-1", "ex-a/slice-2"], Keys(await Store.ListSliceErrorsAsync(Query("slice_id"), null)));
        Assert.Equal(["ex-a/slice-1", "ex-a/slice-2", "ex-b/slice-1"], Keys(await Store.ListSliceErrorsAsync(Query("ex_id"), null)));
    }

    [StoreTheory]
    [InlineData("state")]
    [InlineData("request")]
    [InlineData("slicer_id")]
    [InlineData("error")]
    [InlineData("name")]
    [InlineData("_status")]
    [InlineData("doc")]
    [InlineData("created")]
    public async Task ListSliceErrors_should_reject_a_field_that_is_not_sortable(string field)
    {
        await Store.UpsertSliceErrorsAsync([SliceError("ex-1", "slice-a")]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.ListSliceErrorsAsync(Query(field), null));

        Assert.Contains("sortable fields", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListSliceErrorsAsync(Query(field), "ex-1"));
    }

    // ---- lifecycle and concurrency ------------------------------------------------------------

    [StoreFact]
    public async Task Initialize_should_be_idempotent_and_keep_the_data()
    {
        await Store.InsertJobAsync(Job("job-1"));

        await Store.InitializeAsync();
        await using (var second = Fixture.CreateStore())
        {
            await second.InitializeAsync();
            await second.InitializeAsync();
            Assert.NotNull(await second.GetJobAsync("job-1"));
        }

        Assert.NotNull(await Store.GetJobAsync("job-1"));
    }

    [StoreFact]
    public async Task Initialize_should_succeed_when_several_stores_start_at_once_on_an_empty_database()
    {
        // Nodes starting together all create the schema; none may fail on the others' work.
        var connectionString = await Fixture.CreateEmptyDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => SqlStateStore.Create(Fixture.Provider, connectionString)).ToList();
        try
        {
            await RunConcurrently(stores.Count, i => stores[i].InitializeAsync());

            await stores[0].InsertJobAsync(Job("job-1"));
            Assert.NotNull(await stores[3].GetJobAsync("job-1"));
        }
        finally
        {
            foreach (var store in stores)
                await store.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task PatchExecution_should_be_safe_from_many_threads_on_different_executions()
    {
        const int tasks = 8, patches = 200;
        for (var t = 0; t < tasks; t++)
            await Store.InsertExecutionAsync(Ex($"ex-{t}", "job-1", "pending"));

        await RunConcurrently(tasks, async t =>
        {
            for (var n = 1; n <= patches; n++)
                await Store.PatchExecutionAsync($"ex-{t}", new JsonObject { ["count"] = n, ["_updated"] = Ts(n) });
        });

        for (var t = 0; t < tasks; t++)
        {
            var ex = await Store.GetExecutionAsync($"ex-{t}");
            Assert.Equal(patches, (int)ex!["count"]!);
        }
        var newest = await Store.ListExecutionsAsync(Query("_updated", true), null, null);
        Assert.All(newest, ex => Assert.Equal(Ts(patches), (string?)ex["_updated"]));
    }

    [StoreFact]
    public async Task PatchExecution_should_not_lose_updates_on_the_same_execution()
    {
        const int tasks = 8, patches = 200;
        await Store.InsertExecutionAsync(Ex("ex-1", "job-1", "running"));

        // Every patch adds a key of its own: a read-modify-write that overlaps another loses keys.
        await RunConcurrently(tasks, async t =>
        {
            for (var n = 0; n < patches; n++)
                await Store.PatchExecutionAsync("ex-1", new JsonObject { [$"t{t}-{n}"] = n });
        });

        var ex = await Store.GetExecutionAsync("ex-1");
        var missing = Enumerable.Range(0, tasks)
            .SelectMany(t => Enumerable.Range(0, patches).Select(n => $"t{t}-{n}"))
            .Where(key => !ex!.ContainsKey(key))
            .ToList();
        Assert.Empty(missing);
    }

    // ---- helpers ------------------------------------------------------------------------------

    protected static string Ts(int milliseconds) =>
        Epoch.AddMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    protected static JsonObject Job(string id, string? name = null, int created = 0, int updated = 0, bool? active = null, bool deleted = false)
    {
        var job = new JsonObject
        {
            ["job_id"] = id, ["name"] = name ?? $"name of {id}", ["_context"] = "job", ["_created"] = Ts(created), ["_updated"] = Ts(updated),
        };
        if (active is { } a)
            job["active"] = a;
        if (deleted)
            job["_deleted"] = true;
        return job;
    }

    protected static JsonObject Ex(
        string exId, string jobId, string status = "pending", int created = 0, int updated = 0, string? name = null, bool deleted = false)
    {
        var ex = new JsonObject
        {
            ["ex_id"] = exId, ["job_id"] = jobId, ["_context"] = "ex", ["name"] = name ?? $"name of {jobId}",
            ["_status"] = status, ["_created"] = Ts(created), ["_updated"] = Ts(updated),
        };
        if (deleted)
            ex["_deleted"] = true;
        return ex;
    }

    protected static JsonObject SliceError(
        string exId, string sliceId, int order = 1, int created = 0, int updated = 0, string error = "Error: boom")
    {
        return new JsonObject
        {
            ["slice_id"] = sliceId, ["slicer_id"] = 0, ["slicer_order"] = order, ["request"] = """{"count":10}""",
            ["state"] = "error", ["ex_id"] = exId, ["_created"] = Ts(created), ["_updated"] = Ts(updated), ["error"] = error,
        };
    }

    protected static ListQuery Query(string sort = "_created", bool desc = false, int from = 0, int size = 100, bool deleted = false) =>
        new(from, size, sort, desc, deleted);

    protected static string[] Ids(IEnumerable<JsonObject> documents, string field) =>
        documents.Select(d => (string)d[field]!).ToArray();

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\n  actual {actual?.ToJsonString()}");

    private static async Task RunConcurrently(int count, Func<int, Task> work)
    {
        var all = Enumerable.Range(0, count).Select(i => Task.Run(() => work(i)));
        await Task.WhenAll(all).WaitAsync(TimeSpan.FromMinutes(2));
    }

    private sealed record SortRow(string JobId, string ExId, string Name, int Created, int Updated, string Status);

    // Every field orders these rows differently (job_id 0123, ex_id 1302, name 2031, _created 3201,
    // _updated 1032, _status 2310), so sorting by the wrong column is caught.
    private static readonly SortRow[] SortRows =
    [
        new("job-a", "ex-c", "n-b", 2, 1, "stopped"),
        new("job-b", "ex-a", "n-d", 3, 0, "running"),
        new("job-c", "ex-d", "n-a", 1, 3, "completed"),
        new("job-d", "ex-b", "n-c", 0, 2, "failed"),
    ];

    private static string[] ExpectedOrder(string field, bool descending, Func<SortRow, string> id)
    {
        Func<SortRow, string> key = field switch
        {
            "job_id" => r => r.JobId,
            "ex_id" => r => r.ExId,
            "name" => r => r.Name,
            "_created" => r => r.Created.ToString("D4", CultureInfo.InvariantCulture),
            "_updated" => r => r.Updated.ToString("D4", CultureInfo.InvariantCulture),
            "_status" => r => r.Status,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no expectation for this field"),
        };
        var ordered = SortRows.OrderBy(key, StringComparer.Ordinal).Select(id);
        return (descending ? ordered.Reverse() : ordered).ToArray();
    }

    private sealed record ErrorSortRow(string ExId, string SliceId, int Order, int Created, int Updated);

    // Every field orders these rows differently (ex_id 0123, slice_id 2031, slicer_order 1302,
    // _created 2310, _updated 1032), and slicer_order sorts differently as numbers (2 < 9 < 10 < 100) and as text.
    private static readonly ErrorSortRow[] ErrorSortRows =
    [
        new("ex-a", "s-b", 10, 3, 1),
        new("ex-b", "s-d", 2, 2, 0),
        new("ex-c", "s-a", 100, 0, 3),
        new("ex-d", "s-c", 9, 1, 2),
    ];

    /// <summary>The slice_ids of <see cref="ErrorSortRows"/> in the order of the field.</summary>
    private static string[] ExpectedErrorOrder(string field, bool descending)
    {
        Func<ErrorSortRow, string> key = field switch
        {
            "ex_id" => r => r.ExId,
            "slice_id" => r => r.SliceId,
            "slicer_order" => r => r.Order.ToString("D4", CultureInfo.InvariantCulture),
            "_created" => r => r.Created.ToString("D4", CultureInfo.InvariantCulture),
            "_updated" => r => r.Updated.ToString("D4", CultureInfo.InvariantCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no expectation for this field"),
        };
        var ordered = ErrorSortRows.OrderBy(key, StringComparer.Ordinal).Select(r => r.SliceId);
        return (descending ? ordered.Reverse() : ordered).ToArray();
    }

    private static TheoryData<string, bool> Sorts(IEnumerable<string> fields)
    {
        var data = new TheoryData<string, bool>();
        foreach (var field in fields)
        {
            data.Add(field, false);
            data.Add(field, true);
        }
        return data;
    }
}
