using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// The <c>/jobs</c> routes that act on the job itself (teraslice-notes §1.3), each with its
/// success answer (the fields of teraslice-rest-api.txt's examples) and its errors as this
/// implementation answers them. One shared node; every spec leaves it idle.
/// </summary>
public sealed class JobRouteSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    /// <summary>Fields of a job record in the documented examples.</summary>
    internal static readonly string[] JobFields = ["name", "lifecycle", "workers", "operations", "job_id", "_created", "_updated", "_context"];

    private static readonly TimeSpan Bounded = Scenarios.Bounded;

    [Fact]
    public Task Post_jobs_should_answer_both_ids_and_store_the_job_as_submitted() => OnNode(async node =>
    {
        const string spec = """
            {"name":"jobs-post","lifecycle":"persistent","workers":1,"operations":[{"_op":"data_generator","size":10},{"_op":"delay","ms":50}]}
            """;

        var reply = (await node.Api.PostAsync("/v1/jobs", spec)).ShouldBeOk().AsObject();

        Fields.ShouldBeExactly(reply, "POST /v1/jobs", "job_id", "ex_id");
        var job = await node.Api.GetObjectAsync($"/v1/jobs/{Json.Str(reply, "job_id")}");
        Fields.ShouldHave(job, "the stored job", JobFields);
        Assert.Equal("job", Json.Str(job, "_context"));
        Assert.Equal(Json.Str(job, "_created"), Json.Str(job, "_updated"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(spec), WithoutMetadata(job)),
            $"the stored job without its metadata should be the submitted spec:\n{spec}\n{WithoutMetadata(job).ToJsonString()}");
    });

    public static TheoryData<string, string, HttpStatusCode, string> BadSubmissions => new()
    {
        { "/v1/jobs", "", HttpStatusCode.BadRequest, "No job was posted" },
        { "/v1/jobs", """{"name":"no-operations"}""", HttpStatusCode.BadRequest, "No job was posted" },
        { "/v1/jobs", """{"name":"null-operations","operations":null}""", HttpStatusCode.BadRequest, "No job was posted" },
        { "/v1/jobs", "[]", HttpStatusCode.BadRequest, "No job was posted" },
        { "/v1/jobs", """{"name":"x","operations":[{"_op":"noop"},""", HttpStatusCode.BadRequest, "the json submitted is malformed" },
        { "/v1/jobs", """{"job_id":"mine","name":"x","operations":[{"_op":"data_generator"},{"_op":"noop"}]}""", (HttpStatusCode)422, "Job cannot include a job_id on submit" },
        { "/v1/jobs?start=maybe", Jobs.Quick("x"), HttpStatusCode.BadRequest, "start query option must be true or false; got \"maybe\"" },
        { "/jobs", "", HttpStatusCode.BadRequest, "No job was posted" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public Task Post_jobs_should_refuse_with_the_documented_error_and_store_nothing(string path, string body, HttpStatusCode status, string message) =>
        OnNode(async node =>
        {
            var before = (await node.Api.GetArrayAsync("/v1/jobs?size=10000")).Count;

            (await node.Api.PostAsync(path, body)).ShouldBeError(status, message);

            Assert.Equal(before, (await node.Api.GetArrayAsync("/v1/jobs?size=10000")).Count);
        });

    [Fact]
    public Task Get_jobs_should_list_jobs_with_the_documented_fields_and_honour_the_options() => OnNode(async node =>
    {
        var first = await node.Api.StoreAsync(Jobs.Persistent("jobs-list-1"));
        var (second, secondEx) = await Scenarios.CompletedAsync(node, "jobs-list-2");

        var jobs = await node.Api.GetArrayAsync("/v1/jobs?size=10000");
        Assert.All(jobs, j => Fields.ShouldHave(j!.AsObject(), "a job of GET /v1/jobs", JobFields));
        Assert.Contains(jobs, j => Json.Str(j!.AsObject(), "job_id") == first);
        Assert.Contains(jobs, j => Json.Str(j!.AsObject(), "job_id") == second);

        // default sort _updated:desc: the later job first
        var latest = await node.Api.GetArrayAsync("/jobs?size=2");
        Assert.Equal(second, Json.Str(latest[0]!.AsObject(), "job_id"));
        var ascending = await node.Api.GetArrayAsync("/v1/jobs?size=10000&sort=_created:asc");
        Assert.True(ascending.Select(j => Json.Str(j!.AsObject(), "job_id")).ToList().IndexOf(first)
                    < ascending.Select(j => Json.Str(j!.AsObject(), "job_id")).ToList().IndexOf(second),
            "sort=_created:asc should list the older job first");
        Assert.Single(await node.Api.GetArrayAsync("/v1/jobs?size=1&from=1"));

        // ex=: each job gets an ex object of its latest execution ({} without one)
        var withEx = await node.Api.GetArrayAsync("/v1/jobs?size=10000&ex=_status,ex_id");
        var firstWithEx = withEx.Select(j => j!.AsObject()).Single(j => Json.Str(j, "job_id") == first);
        Assert.Equal("{}", Json.Obj(firstWithEx, "ex").ToJsonString());
        var secondWithEx = Json.Obj(withEx.Select(j => j!.AsObject()).Single(j => Json.Str(j, "job_id") == second), "ex");
        Fields.ShouldBeExactly(secondWithEx, "ex of GET /v1/jobs?ex=_status,ex_id", "_status", "ex_id");
        Assert.Equal(secondEx, Json.Str(secondWithEx, "ex_id"));
        Assert.Equal("completed", Json.Str(secondWithEx, "_status"));
    });

    [Fact]
    public Task Get_jobs_active_should_split_on_the_active_flag() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-active"));
        bool Listed(JsonArray jobs) => jobs.Any(j => Json.Str(j!.AsObject(), "job_id") == jobId);

        Assert.True(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000&active=true")), "a job without active should count as active");
        Assert.False(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000&active=false")));

        (await node.Api.PostAsync($"/v1/jobs/{jobId}/_inactive")).ShouldBeOk();

        Assert.False(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000&active=true")));
        Assert.True(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000&active=false")));
        Assert.True(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000")), "without active every job is listed");
    });

    public static TheoryData<string, string> BadListOptions => new()
    {
        { "/v1/jobs?deleted=maybe", "deleted query option must be true or false; got \"maybe\"" },
        { "/v1/jobs?active=maybe", "active query option must be true or false; got \"maybe\"" },
        { "/v1/jobs?size=-1", "size query option must be an integer from 0 to 10000; got \"-1\"" },
        { "/v1/jobs?size=10001", "size query option must be an integer from 0 to 10000; got \"10001\"" },
        { "/v1/jobs?from=x", "from query option must be an integer >= 0; got \"x\"" },
        { "/v1/jobs?sort=bogus", "sort query option must be field, field:asc or field:desc with field one of _created, _updated, name, job_id; got \"bogus\"" },
        { "/v1/jobs?filter=name:x", "filter query option is not supported; use status, active or deleted" },
        { "/v1/jobs?size=1&size=2", "size query option must be given once" },
        { "/v1/ex?deleted=maybe", "deleted query option must be true or false; got \"maybe\"" },
        { "/v1/ex?status=bogus", "status query option has an unknown status \"bogus\"; allowed: pending, scheduling, initializing, recovering, running, failing, paused, stopping, completed, stopped, rejected, failed, terminated" },
        { "/v1/ex?sort=nope:asc", "sort query option must be field, field:asc or field:desc with field one of _created, _updated, name, job_id, ex_id, _status; got \"nope:asc\"" },
        { "/v1/ex/errors?sort=name", "sort query option must be field, field:asc or field:desc with field one of _created, _updated, slicer_order, slice_id, ex_id; got \"name\"" },
        { "/ex?from=-3", "from query option must be an integer >= 0; got \"-3\"" },
    };

    [Theory]
    [MemberData(nameof(BadListOptions))]
    public Task Lists_should_refuse_bad_options_with_400_naming_them(string path, string message) => OnNode(async node =>
        (await node.Api.GetAsync(path)).ShouldBeError(HttpStatusCode.BadRequest, message));

    [Fact]
    public Task Get_job_should_answer_the_record_and_with_ex_the_latest_execution_fields() => OnNode(async node =>
    {
        var stored = await node.Api.StoreAsync(Jobs.Persistent("jobs-get"));
        var (jobId, exId) = await Scenarios.CompletedAsync(node, "jobs-get-ex");

        var job = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");
        Fields.ShouldHave(job, $"GET /v1/jobs/{jobId}", JobFields);
        Assert.False(job.ContainsKey("ex"), $"without ex there should be no ex object: {job.ToJsonString()}");

        var withEx = await node.Api.GetObjectAsync($"/jobs/{jobId}?ex=_status,workers,no_such_field");
        var ex = Json.Obj(withEx, "ex");
        Fields.ShouldBeExactly(ex, "ex of ?ex=_status,workers,no_such_field", "_status", "workers");
        Assert.Equal("completed", Json.Str(ex, "_status"));

        // an empty list means every field
        var all = Json.Obj(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}?ex="), "ex");
        Assert.Equal(exId, Json.Str(all, "ex_id"));
        Fields.ShouldHave(all, "ex of ?ex=", ExecutionRouteSpecs.ExecutionFields);

        Assert.Equal("{}", Json.Obj(await node.Api.GetObjectAsync($"/v1/jobs/{stored}?ex=_status"), "ex").ToJsonString());

        // the documented example: a job without assets has no assets field to show
        var example = Json.Obj(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}?ex=assets,_status"), "ex");
        Fields.ShouldBeExactly(example, "ex of ?ex=assets,_status", "_status");
    });

    [Fact]
    public Task Put_job_should_replace_the_whole_job_and_keep_its_identity() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync("""
            {"name":"jobs-put","lifecycle":"persistent","workers":2,"slicers":1,"probation_window":1000,"operations":[{"_op":"data_generator","size":10},{"_op":"noop"}]}
            """);
        var before = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");
        const string replacement = """
            {"name":"jobs-put-2","lifecycle":"once","workers":3,"operations":[{"_op":"data_generator","size":20},{"_op":"noop"}]}
            """;

        var reply = (await node.Api.PutAsync($"/v1/jobs/{jobId}", replacement)).ShouldBeOk().AsObject();

        Fields.ShouldHave(reply, $"PUT /v1/jobs/{jobId}", JobFields);
        var stored = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");
        foreach (var doc in new[] { reply, stored })
        {
            Assert.Equal(jobId, Json.Str(doc, "job_id"));
            Assert.Equal("job", Json.Str(doc, "_context"));
            Assert.Equal(Json.Str(before, "_created"), Json.Str(doc, "_created"));
            Assert.True(Json.Date(doc, "_updated") >= Json.Date(before, "_updated"), $"_updated should move on: {doc.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(replacement), WithoutMetadata(doc)),
                $"the job should be exactly the replacement (slicers and probation_window gone): {doc.ToJsonString()}");
        }
    });

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    public Task Put_job_without_data_should_be_400_and_change_nothing(string body) => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-put-empty"));
        var before = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");

        (await node.Api.PutAsync($"/v1/jobs/{jobId}", body)).ShouldBeError(HttpStatusCode.BadRequest, $"no data was provided to update job {jobId}");

        Assert.Equal(before.ToJsonString(), (await node.Api.GetObjectAsync($"/v1/jobs/{jobId}")).ToJsonString());
    });

    [Fact]
    public Task Put_job_with_an_invalid_job_should_be_400_naming_the_problem_and_change_nothing() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-put-invalid"));
        var before = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");

        var message = (await node.Api.PutAsync($"/v1/jobs/{jobId}",
            """{"name":"bad","operations":[{"_op":"data_generator","size":-5},{"_op":"noop"}]}""")).ShouldBeError(HttpStatusCode.BadRequest);

        Assert.Contains("data_generator", message);
        Assert.Contains("size", message);
        Assert.Equal(before.ToJsonString(), (await node.Api.GetObjectAsync($"/v1/jobs/{jobId}")).ToJsonString());
    });

    [Fact]
    public Task Put_job_that_makes_it_inactive_should_skip_validation() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-put-inactive"));

        var reply = (await node.Api.PutAsync($"/v1/jobs/{jobId}",
            """{"name":"inactive","active":false,"operations":[{"_op":"no_such_op"}]}""")).ShouldBeOk().AsObject();

        Assert.False((bool)reply["active"]!);
        Assert.Equal("no_such_op", (string?)(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}"))["operations"]![0]!["_op"]);
    });

    [Theory]
    [InlineData("_active", true)]
    [InlineData("_inactive", false)]
    public Task Active_and_inactive_should_set_the_flag_and_answer_the_job(string route, bool active) => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-" + route));

        var reply = (await node.Api.PostAsync($"/v1/jobs/{jobId}/{route}")).ShouldBeOk().AsObject();

        Fields.ShouldHave(reply, $"POST /v1/jobs/{jobId}/{route}", [.. JobFields, "active"]);
        Assert.Equal(active, (bool)reply["active"]!);
        Assert.Equal(active, (bool)(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}"))["active"]!);
    });

    [Fact]
    public Task Start_should_create_a_new_execution_and_refuse_a_second_while_it_lives() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-start"));

        var started = (await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject();
        Fields.ShouldBeExactly(started, "POST _start", "job_id", "ex_id");
        Assert.Equal(jobId, Json.Str(started, "job_id"));
        var exId = Json.Str(started, "ex_id");
        (await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeError(HttpStatusCode.Conflict,
            $"Job {jobId} is currently running, cannot have the same job concurrently running");

        await node.Api.WaitForStatusAsync(exId, "running", Bounded);
        (await node.Api.PostAsync($"/jobs/{jobId}/_start")).ShouldBeError(HttpStatusCode.Conflict,
            $"Job {jobId} is currently running, cannot have the same job concurrently running");
        await node.Api.StopAsync(jobId);

        var again = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");
        Assert.NotEqual(exId, again);
        Assert.Equal(again, Json.Str(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex"), "ex_id"));
        Assert.Equal("stopped", await node.Api.StatusAsync(exId));
    });

    [Fact]
    public Task Get_job_ex_should_answer_the_latest_execution_or_404_without_one() => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("jobs-latest"));
        (await node.Api.GetAsync($"/v1/jobs/{jobId}/ex")).ShouldBeError(HttpStatusCode.NotFound, $"No execution was found for job {jobId}");

        var first = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");
        await node.Api.StopAsync(jobId);
        var second = Json.Str((await node.Api.PostAsync($"/v1/jobs/{jobId}/_start")).ShouldBeOk().AsObject(), "ex_id");
        await node.Api.StopAsync(jobId);

        var latest = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex");
        Assert.Equal(second, Json.Str(latest, "ex_id"));
        Assert.NotEqual(first, second);
        Fields.ShouldHave(latest, "GET /v1/jobs/{id}/ex", ExecutionRouteSpecs.ExecutionFields);
    });

    [Fact]
    public Task Delete_should_refuse_a_job_whose_execution_lives_then_soft_delete_it_and_its_executions() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("jobs-delete"));

        (await node.Api.DeleteAsync($"/v1/jobs/{jobId}")).ShouldBeError(HttpStatusCode.Conflict,
            $"Job {jobId} is currently running, cannot delete a running job.");
        await node.Api.StopAsync(jobId);

        var deleted = (await node.Api.DeleteAsync($"/v1/jobs/{jobId}")).ShouldBeOk().AsObject();
        Fields.ShouldHave(deleted, "DELETE /v1/jobs/{id}", [.. JobFields, "_deleted", "_deleted_on", "active"]);
        Assert.True((bool)deleted["_deleted"]!);
        Assert.False((bool)deleted["active"]!);
        Json.Date(deleted, "_deleted_on");

        var ex = await node.Api.GetObjectAsync($"/v1/ex/{exId}");
        Assert.True(ex["_deleted"] is JsonValue d && (bool)d, $"the execution should be soft-deleted too: {ex.ToJsonString()}");
        Json.Date(ex, "_deleted_on");
        Assert.DoesNotContain(await node.Api.GetArrayAsync("/v1/ex?size=10000"), e => Json.Str(e!.AsObject(), "ex_id") == exId);
        Assert.Contains(await node.Api.GetArrayAsync("/v1/ex?size=10000&deleted=true"), e => Json.Str(e!.AsObject(), "ex_id") == exId);
        Assert.Equal(exId, Json.Str(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex"), "ex_id"));
        Assert.Equal("{}", Json.Obj(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}?ex=_status"), "ex").ToJsonString());
    });

    public static TheoryData<string, string, string> RoutesOfADeletedJob => new()
    {
        { "POST", "/v1/jobs/{0}/_start", "Job {0} has been deleted and cannot be started." },
        { "PUT", "/v1/jobs/{0}", "Job {0} has been deleted and cannot be updated." },
        { "POST", "/v1/jobs/{0}/_recover", "Job {0} has been deleted and cannot be recovered." },
        { "POST", "/v1/jobs/{0}/_recover?cleanup_type=errors", "Job {0} has been deleted and cannot be recovered." },
        { "DELETE", "/v1/jobs/{0}", "Job {0} has already been deleted." },
        { "POST", "/v1/jobs/{0}/_active", "Job {0} has been deleted and cannot be updated." },
        { "POST", "/v1/jobs/{0}/_inactive", "Job {0} has been deleted and cannot be updated." },
        { "DELETE", "/jobs/{0}", "Job {0} has already been deleted." },
    };

    [Theory]
    [MemberData(nameof(RoutesOfADeletedJob))]
    public Task Routes_that_change_a_deleted_job_should_be_410(string method, string path, string message) => OnNode(async node =>
    {
        var jobId = await Scenarios.DeletedAsync(node, "jobs-deleted");
        var before = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}");

        var body = method == "PUT" ? Jobs.Persistent("jobs-deleted-2") : null;
        (await node.Api.SendAsync(new HttpMethod(method), string.Format(path, jobId), body))
            .ShouldBeError(HttpStatusCode.Gone, string.Format(message, jobId));

        Assert.Equal(before.ToJsonString(), (await node.Api.GetObjectAsync($"/v1/jobs/{jobId}")).ToJsonString());
        (await node.Api.GetAsync($"/v1/jobs/{jobId}/ex")).ShouldBeError(HttpStatusCode.NotFound, $"No execution was found for job {jobId}");
    });

    [Fact]
    public Task Recover_through_the_ex_route_of_a_deleted_job_should_be_410() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.StoppedAsync(node, "jobs-deleted-ex");
        (await node.Api.DeleteAsync($"/v1/jobs/{jobId}")).ShouldBeOk();

        (await node.Api.PostAsync($"/v1/ex/{exId}/_recover")).ShouldBeError(HttpStatusCode.Gone,
            $"Job {jobId} has been deleted and cannot be recovered.");
    });

    [Fact]
    public Task Deleted_jobs_should_be_listed_only_with_deleted_true() => OnNode(async node =>
    {
        var jobId = await Scenarios.DeletedAsync(node, "jobs-deleted-list");
        bool Listed(JsonArray jobs) => jobs.Any(j => Json.Str(j!.AsObject(), "job_id") == jobId);

        Assert.False(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000")));
        Assert.False(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000&deleted=false")));
        Assert.False(Listed(await node.Api.GetArrayAsync("/v1/jobs?size=10000&deleted=")), "deleted= means the default (a deviation)");
        var deleted = await node.Api.GetArrayAsync("/v1/jobs?size=10000&deleted=true");
        Assert.True(Listed(deleted));
        Assert.All(deleted, j => Assert.True((bool)j!["_deleted"]!, $"deleted=true should list only deleted jobs: {j.ToJsonString()}"));
        Assert.Equal(jobId, Json.Str(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}"), "job_id"));
    });

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);

    /// <summary>A job record without the fields the cluster adds.</summary>
    internal static JsonObject WithoutMetadata(JsonObject job)
    {
        var spec = (JsonObject)job.DeepClone();
        foreach (var field in (string[])["job_id", "_context", "_created", "_updated"]) spec.Remove(field);
        return spec;
    }
}
