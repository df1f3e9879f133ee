using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

/// <summary>_pause, _resume, _recover, _workers and errors, under /jobs/{id} and /ex/{id}.</summary>
public sealed class ExecutionControlSpecs : IClassFixture<ApiHost>
{
    private const string CleanupMessage = "cleanup_type must be empty or set to all, errors, pending";
    private const string WorkersMessage =
        "Must provide a valid worker parameter(add/remove/total) that is a number and greater than zero";
    private const string ErrorSorts = "_created, _updated, slicer_order, slice_id, ex_id";

    private readonly ApiHost _host;

    public ExecutionControlSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    /// <summary>Every prefix × owner: the path to the owner, and the ids the request should carry.</summary>
    public static TheoryData<string, string?, string?> Owners => new()
    {
        { "/jobs/j-1", "j-1", null },
        { "/v1/jobs/j-1", "j-1", null },
        { "/ex/e-1", null, "e-1" },
        { "/v1/ex/e-1", null, "e-1" },
    };

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Pause_should_pause_the_execution(string owner, string? jobId, string? exId)
    {
        _host.Master.Answer(new JsonReply("""{"status":"paused"}"""));

        var response = await _host.PostAsync($"{owner}/_pause");

        Assert.Equal("{\n    \"status\": \"paused\"\n}", response.ShouldBeOk());
        Assert.Equal(new PauseExecution(jobId, exId), _host.Master.Single<PauseExecution>());
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Resume_should_resume_the_execution(string owner, string? jobId, string? exId)
    {
        (await _host.PostAsync($"{owner}/_resume")).ShouldBeOk();

        Assert.Equal(new ResumeExecution(jobId, exId), _host.Master.Single<ResumeExecution>());
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Recover_without_cleanup_should_recover_everything_not_completed(string owner, string? jobId, string? exId)
    {
        (await _host.PostAsync($"{owner}/_recover")).ShouldBeOk();

        Assert.Equal(new RecoverExecution(jobId, exId, null), _host.Master.Single<RecoverExecution>());
    }

    [Theory]
    [InlineData("/jobs/j-1", "cleanup_type=errors", "errors")]
    [InlineData("/ex/e-1", "cleanup_type=all", "all")]
    [InlineData("/v1/ex/e-1", "cleanup_type=pending", "pending")]
    [InlineData("/jobs/j-1", "cleanup_type=ERRORS", "errors")]
    [InlineData("/jobs/j-1", "cleanup=pending", "pending")]
    [InlineData("/v1/ex/e-1", "cleanup=All", "all")]
    [InlineData("/jobs/j-1", "cleanup_type=errors&cleanup=errors", "errors")]
    [InlineData("/jobs/j-1", "cleanup_type=&cleanup=all", "all")]
    [InlineData("/ex/e-1", "cleanup_type=pending&cleanup=", "pending")]
    [InlineData("/ex/e-1", "cleanup_type=&cleanup=", null)]
    public async Task Recover_should_read_cleanup_type_or_its_alias(string owner, string query, string? cleanupType)
    {
        (await _host.PostAsync($"{owner}/_recover?{query}")).ShouldBeOk();

        Assert.Equal(cleanupType, _host.Master.Single<RecoverExecution>().CleanupType);
    }

    [Theory]
    [InlineData("/jobs/j-1/_recover?cleanup_type=bogus", CleanupMessage)]
    [InlineData("/v1/ex/e-1/_recover?cleanup=slices", CleanupMessage)]
    [InlineData("/ex/e-1/_recover?cleanup_type=%20all", CleanupMessage)]
    [InlineData("/jobs/j-1/_recover?cleanup_type=all&cleanup=nope", CleanupMessage)]
    [InlineData("/jobs/j-1/_recover?cleanup_type=all&cleanup=errors",
        "cleanup_type and its alias cleanup must not differ; got \"all\" and \"errors\"")]
    [InlineData("/ex/e-1/_recover?cleanup_type=all&cleanup_type=errors", "cleanup_type query option must be given once")]
    public async Task Recover_with_a_bad_cleanup_type_should_be_400(string pathAndQuery, string message)
    {
        (await _host.PostAsync(pathAndQuery)).ShouldBeError(400, message);

        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Workers_should_change_the_worker_count(string owner, string? jobId, string? exId)
    {
        _host.Master.Answer(new JsonReply("""{"message":"5 workers have been enqueued for execution: e-1"}"""));

        var response = await _host.PostAsync($"{owner}/_workers?add=5");

        Assert.Equal("{\n    \"message\": \"5 workers have been enqueued for execution: e-1\"\n}", response.ShouldBeOk());
        Assert.Equal(new ChangeWorkers(jobId, exId, WorkerChange.Add, 5), _host.Master.Single<ChangeWorkers>());
    }

    [Theory]
    [InlineData("add=1", WorkerChange.Add, 1)]
    [InlineData("remove=2", WorkerChange.Remove, 2)]
    [InlineData("total=12", WorkerChange.Total, 12)]
    [InlineData("total=0", WorkerChange.Total, 0)] // upstream lets 0 pass
    [InlineData("add=0", WorkerChange.Add, 0)]
    [InlineData("Remove=3", WorkerChange.Remove, 3)]
    [InlineData("add=&total=4", WorkerChange.Total, 4)] // empty means absent
    [InlineData("total=2147483647", WorkerChange.Total, int.MaxValue)]
    public async Task Workers_should_read_exactly_one_of_add_remove_and_total(string query, WorkerChange change, int count)
    {
        (await _host.PostAsync($"/ex/e-2/_workers?{query}")).ShouldBeOk();

        Assert.Equal(new ChangeWorkers(null, "e-2", change, count), _host.Master.Single<ChangeWorkers>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("?add=")]
    [InlineData("?workers=5")]
    [InlineData("?add=1&remove=1")]
    [InlineData("?add=1&total=3")]
    [InlineData("?remove=1&total=3")]
    [InlineData("?add=-1")]
    [InlineData("?remove=five")]
    [InlineData("?total=NaN")]
    [InlineData("?total=1.5")]
    [InlineData("?add=%2B2")]
    [InlineData("?add=%202")]
    [InlineData("?total=2147483648")]
    public async Task Workers_without_exactly_one_valid_count_should_be_400(string query)
    {
        foreach (var owner in (string[])["/jobs/j-3", "/v1/ex/e-3"])
            (await _host.PostAsync($"{owner}/_workers{query}")).ShouldBeError(400, WorkersMessage);

        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Workers_given_twice_should_be_400()
    {
        (await _host.PostAsync("/jobs/j-3/_workers?add=1&add=2")).ShouldBeError(400, "add query option must be given once");
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task Errors_should_ask_for_the_slice_errors_with_defaults(string owner, string? jobId, string? exId)
    {
        _host.Master.Answer(new JsonReply("""[{"slice_id":"s-1","state":"error"}]"""));

        var response = await _host.GetAsync($"{owner}/errors");

        Assert.Equal("[\n    {\n        \"slice_id\": \"s-1\",\n        \"state\": \"error\"\n    }\n]", response.ShouldBeOk());
        var request = _host.Master.Single<GetSliceErrors>();
        Assert.Equal(new GetSliceErrors(jobId, exId, ListQuery.Default), request);
        Assert.Equal("_updated", request.Query.SortField);
        Assert.True(request.Query.SortDescending);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Ex_errors_should_ask_for_the_errors_of_every_execution(string prefix)
    {
        (await _host.GetAsync($"{prefix}/ex/errors")).ShouldBeOk();

        // Not GetExecution("errors"): the literal route wins over /ex/{exId}.
        Assert.Equal(new GetSliceErrors(null, null, ListQuery.Default), _host.Master.Single<GetSliceErrors>());
    }

    [Theory]
    [InlineData("/jobs/j-4/errors", "j-4", null)]
    [InlineData("/v1/ex/e-4/errors", null, "e-4")]
    [InlineData("/ex/errors", null, null)]
    public async Task Errors_should_pass_from_size_and_sort(string path, string? jobId, string? exId)
    {
        (await _host.GetAsync($"{path}?from=10&size=5&sort=slicer_order:asc")).ShouldBeOk();

        Assert.Equal(new GetSliceErrors(jobId, exId, new ListQuery(10, 5, "slicer_order", false, false)),
            _host.Master.Single<GetSliceErrors>());
    }

    [Theory]
    [InlineData("sort=slice_id", "slice_id", true)]
    [InlineData("sort=ex_id:desc", "ex_id", true)]
    [InlineData("sort=_created:asc", "_created", false)]
    public async Task Errors_should_sort_on_slice_error_fields(string query, string field, bool descending)
    {
        (await _host.GetAsync($"/ex/e-5/errors?{query}")).ShouldBeOk();

        var listQuery = _host.Master.Single<GetSliceErrors>().Query;
        Assert.Equal((field, descending), (listQuery.SortField, listQuery.SortDescending));
    }

    [Fact]
    public async Task Errors_should_ignore_deleted_which_slice_records_do_not_have()
    {
        (await _host.GetAsync("/jobs/j-6/errors?deleted=true")).ShouldBeOk();

        Assert.False(_host.Master.Single<GetSliceErrors>().Query.Deleted);
    }

    [Theory]
    [InlineData("/jobs/j-7/errors?sort=name", "sort query option must be field, field:asc or field:desc with field one of " + ErrorSorts + "; got \"name\"")]
    [InlineData("/ex/errors?sort=_status:asc", "sort query option must be field, field:asc or field:desc with field one of " + ErrorSorts + "; got \"_status:asc\"")]
    [InlineData("/v1/ex/e-7/errors?size=10001", "size query option must be an integer from 0 to 10000; got \"10001\"")]
    [InlineData("/ex/errors?from=-1", "from query option must be an integer >= 0; got \"-1\"")]
    [InlineData("/ex/e-7/errors?filter=slicer_id:0", "filter query option is not supported; use status, active or deleted")]
    public async Task Errors_with_bad_options_should_be_400(string pathAndQuery, string message)
    {
        (await _host.GetAsync(pathAndQuery)).ShouldBeError(400, message);

        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData("/jobs/%20/_pause", "jobId must not be empty")]
    [InlineData("/ex/%20/_workers?add=1", "exId must not be empty")]
    [InlineData("/ex/%20/errors", "exId must not be empty")]
    public async Task Controls_should_refuse_a_blank_id(string pathAndQuery, string message)
    {
        var method = pathAndQuery.EndsWith("/errors") ? HttpMethod.Get : HttpMethod.Post;

        (await _host.SendAsync(method, pathAndQuery)).ShouldBeError(400, message);

        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData("GET", "/ex/e-8/_pause")]
    [InlineData("POST", "/ex/errors")]
    [InlineData("POST", "/jobs/j-8/errors")]
    [InlineData("GET", "/jobs/j-8/errors/e-8")] // upstream's doc path, never routed
    public async Task Other_methods_and_paths_should_stay_405(string method, string path)
    {
        (await _host.SendAsync(new HttpMethod(method), path)).ShouldBeError(405, $"cannot {method} endpoint {path}");

        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task A_control_should_pass_the_masters_rejection()
    {
        _host.Master.Answer(Rejection.NotFound("no active execution context was found for ex_id: e-9"));

        (await _host.PostAsync("/ex/e-9/_resume")).ShouldBeError(404, "no active execution context was found for ex_id: e-9");
    }
}
