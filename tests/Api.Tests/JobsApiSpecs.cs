using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

public sealed class JobsApiSpecs : IClassFixture<ApiHost>
{
    private const string Job = """{"name":"j","operations":[{"_op":"noop"},{"_op":"noop"}]}""";
    private readonly ApiHost _host;

    public JobsApiSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Post_jobs_should_submit_the_body_and_start_by_default(string prefix)
    {
        _host.Master.Answer(new JsonReply("""{"job_id":"j1","ex_id":"e1"}"""));

        var response = await _host.PostAsync($"{prefix}/jobs", Job);

        Assert.Equal("{\n    \"job_id\": \"j1\",\n    \"ex_id\": \"e1\"\n}", response.ShouldBeOk());
        var request = _host.Master.Single<SubmitJob>();
        Assert.Equal(Job, request.Job.Json);
        Assert.True(request.Start);
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Theory]
    [InlineData("start=false", false)]
    [InlineData("start=FALSE", false)]
    [InlineData("start=true", true)]
    [InlineData("start=True", true)]
    [InlineData("start=", true)]
    public async Task Post_jobs_should_honour_start(string query, bool expected)
    {
        (await _host.PostAsync($"/v1/jobs?{query}", Job)).ShouldBeOk();

        Assert.Equal(expected, _host.Master.Single<SubmitJob>().Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Get_jobs_should_list_with_defaults(string prefix)
    {
        _host.Master.Answer(new JsonReply("[]"));

        (await _host.GetAsync($"{prefix}/jobs")).ShouldBeOk();

        var request = _host.Master.Single<ListJobs>();
        Assert.Equal(ListQuery.Default, request.Query);
        Assert.Null(request.Active);
        Assert.Null(request.ExFields);
    }

    [Fact]
    public async Task Get_jobs_should_pass_every_option()
    {
        (await _host.GetAsync("/jobs?active=false&deleted=true&from=5&size=10000&sort=name:asc&ex=_status,%20assets,,")).ShouldBeOk();

        var request = _host.Master.Single<ListJobs>();
        Assert.Equal(new ListQuery(5, 10000, "name", false, true), request.Query);
        Assert.False(request.Active);
        Assert.Equal(["_status", "assets"], request.ExFields!);
    }

    [Theory]
    [InlineData("active=true", true)]
    [InlineData("active=TRUE", true)]
    [InlineData("active=false", false)]
    [InlineData("active=", null)]
    public async Task Get_jobs_should_read_active(string query, bool? expected)
    {
        (await _host.GetAsync($"/jobs?{query}")).ShouldBeOk();

        Assert.Equal(expected, _host.Master.Single<ListJobs>().Active);
    }

    [Theory]
    [InlineData("sort=_created", "_created", true)]
    [InlineData("sort=job_id:desc", "job_id", true)]
    [InlineData("sort=_updated:ASC", "_updated", false)]
    [InlineData("sort=", "_updated", true)]
    public async Task Get_jobs_should_read_sort_with_a_bare_field_meaning_descending(string query, string field, bool descending)
    {
        (await _host.GetAsync($"/jobs?{query}")).ShouldBeOk();

        var listQuery = _host.Master.Single<ListJobs>().Query;
        Assert.Equal(field, listQuery.SortField);
        Assert.Equal(descending, listQuery.SortDescending);
    }

    [Theory]
    [InlineData("deleted=", false)]
    [InlineData("deleted=false", false)]
    [InlineData("deleted=true", true)]
    [InlineData("size=0&from=0", false)]
    public async Task Get_jobs_should_treat_an_empty_deleted_as_the_default(string query, bool deleted)
    {
        (await _host.GetAsync($"/jobs?{query}")).ShouldBeOk();

        Assert.Equal(deleted, _host.Master.Single<ListJobs>().Query.Deleted);
    }

    [Theory]
    [InlineData("", "j-1", null)]
    [InlineData("/v1", "j-1", null)]
    [InlineData("", "j-1?ex=_status,assets", "_status|assets")]
    [InlineData("/v1", "j-1?ex=", "")]
    public async Task Get_job_should_ask_for_the_job_with_ex_fields(string prefix, string pathAndQuery, string? fields)
    {
        (await _host.GetAsync($"{prefix}/jobs/{pathAndQuery}")).ShouldBeOk();

        var request = _host.Master.Single<GetJob>();
        Assert.Equal("j-1", request.JobId);
        if (fields is null)
            Assert.Null(request.ExFields);
        else
            Assert.Equal(fields.Split('|', StringSplitOptions.RemoveEmptyEntries), request.ExFields!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Get_job_ex_should_ask_for_the_latest_execution(string prefix)
    {
        (await _host.GetAsync($"{prefix}/jobs/j-2/ex")).ShouldBeOk();

        Assert.Equal("j-2", _host.Master.Single<GetLatestExecution>().JobId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Post_job_start_should_start_the_job(string prefix)
    {
        (await _host.PostAsync($"{prefix}/jobs/j-3/_start")).ShouldBeOk();

        Assert.Equal("j-3", _host.Master.Single<StartJob>().JobId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Post_job_stop_should_stop_blocking_by_default_with_the_long_timeout(string prefix)
    {
        (await _host.PostAsync($"{prefix}/jobs/j-4/_stop")).ShouldBeOk();

        var ask = Assert.Single(_host.Master.Asks);
        var request = Assert.IsType<StopExecution>(ask.Request);
        Assert.Equal(new StopExecution("j-4", null, Blocking: true, Force: false, TimeoutMs: null), request);
        Assert.Equal(ApiHost.StopAskTimeout, ask.Timeout);
    }

    [Theory]
    [InlineData("blocking=false&force=true&timeout=15000", false, true, 15000)]
    [InlineData("blocking=FALSE&force=TRUE&timeout=0", false, true, 0)]
    [InlineData("force=false", true, false, null)]
    [InlineData("blocking=&force=&timeout=", true, false, null)]
    public async Task Post_job_stop_should_read_its_options(string query, bool blocking, bool force, int? timeoutMs)
    {
        (await _host.PostAsync($"/jobs/j-5/_stop?{query}")).ShouldBeOk();

        var ask = Assert.Single(_host.Master.Asks);
        Assert.Equal(new StopExecution("j-5", null, blocking, force, timeoutMs), ask.Request);
        Assert.Equal(blocking ? ApiHost.StopAskTimeout : ApiHost.AskTimeout, ask.Timeout);
    }

    [Theory]
    [InlineData("/jobs/j-6/controller")]
    [InlineData("/jobs/j-6/slicer")]
    [InlineData("/v1/jobs/j-6/controller")]
    [InlineData("/v1/jobs/j-6/slicer")]
    public async Task Get_job_controller_should_ask_for_the_jobs_controller(string path)
    {
        (await _host.GetAsync(path)).ShouldBeOk();

        Assert.Equal(new GetControllers("j-6", null), _host.Master.Single<GetControllers>());
    }

    [Fact]
    public async Task Job_routes_should_pass_ids_through_as_given()
    {
        (await _host.GetAsync("/jobs/Some%20Job%3A1")).ShouldBeOk();

        Assert.Equal("Some Job:1", _host.Master.Single<GetJob>().JobId);
    }

    [Fact]
    public async Task Job_routes_should_refuse_a_blank_id()
    {
        (await _host.GetAsync("/jobs/%20/ex")).ShouldBeError(400, "jobId must not be empty");

        Assert.Empty(_host.Master.Asks);
    }
}
