using System.Text;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

/// <summary>PUT and DELETE /jobs/{id}, _active and _inactive.</summary>
public sealed class JobChangeSpecs : IClassFixture<ApiHost>
{
    private const string Job = """{"name":"j","workers":2,"operations":[{"_op":"noop"},{"_op":"noop"}]}""";
    private readonly ApiHost _host;

    public JobChangeSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Put_job_should_send_the_whole_body_as_the_new_job(string prefix)
    {
        _host.Master.Answer(new JsonReply("""{"job_id":"j-1","workers":2}"""));

        var response = await _host.PutAsync($"{prefix}/jobs/j-1", Job);

        Assert.Equal("{\n    \"job_id\": \"j-1\",\n    \"workers\": 2\n}", response.ShouldBeOk());
        Assert.Equal(new UpdateJob("j-1", JobSpec.Parse(Job)), _host.Master.Single<UpdateJob>());
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Theory]
    [InlineData("""{"job_id":"j-2","operations":[]}""")] // the stored job, edited and sent back
    [InlineData("""{"active":false}""")] // no operations: the master validates
    public async Task Put_job_should_accept_any_non_empty_object(string body)
    {
        (await _host.PutAsync("/jobs/j-2", body, "application/x-www-form-urlencoded")).ShouldBeOk();

        Assert.Equal(new UpdateJob("j-2", JobSpec.Parse(body)), _host.Master.Single<UpdateJob>());
    }

    [Fact]
    public async Task Put_job_should_drop_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Job)).ToArray();

        (await _host.SendAsync(HttpMethod.Put, "/jobs/j-3", new ByteArrayContent(bytes))).ShouldBeOk();

        Assert.Equal(Job, _host.Master.Single<UpdateJob>().Job.Json);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[{\"operations\":[]}]")]
    [InlineData("\"a job\"")]
    [InlineData("null")]
    public async Task Put_job_without_data_should_be_400(string? body)
    {
        var response = await _host.PutAsync("/v1/jobs/j-4", body);

        response.ShouldBeError(400, "no data was provided to update job j-4");
        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData("{\"operations\": [")]
    [InlineData("{operations: []}")]
    [InlineData("{\"name\": \"x\"} trailing")]
    public async Task Put_job_with_malformed_json_should_be_400(string body)
    {
        var response = await _host.PutAsync("/jobs/j-5", body);

        response.ShouldBeError(400, "the json submitted is malformed");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Put_job_over_the_body_limit_should_be_413()
    {
        var body = "{\"pad\":\"" + new string('x', (int)ApiHost.MaxBodyBytes) + "\"}";

        var response = await _host.PutAsync("/jobs/j-6", body);

        response.ShouldBeError(413, $"request body is larger than {ApiHost.MaxBodyBytes} bytes");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Put_job_should_pass_the_masters_rejection()
    {
        _host.Master.Answer(Rejection.Gone("Job j-7 has been deleted and cannot be updated."));

        var response = await _host.PutAsync("/jobs/j-7", Job);

        response.ShouldBeError(410, "Job j-7 has been deleted and cannot be updated.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Delete_job_should_delete_the_job(string prefix)
    {
        _host.Master.Answer(new JsonReply("""{"job_id":"j-8","_deleted":true}"""));

        var response = await _host.SendAsync(HttpMethod.Delete, $"{prefix}/jobs/j-8");

        Assert.Equal("{\n    \"job_id\": \"j-8\",\n    \"_deleted\": true\n}", response.ShouldBeOk());
        Assert.Equal(new DeleteJob("j-8"), _host.Master.Single<DeleteJob>());
    }

    [Fact]
    public async Task Delete_job_should_refuse_a_blank_id()
    {
        (await _host.SendAsync(HttpMethod.Delete, "/jobs/%20")).ShouldBeError(400, "jobId must not be empty");

        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData("/jobs/j-9/_active", true)]
    [InlineData("/v1/jobs/j-9/_active", true)]
    [InlineData("/jobs/j-9/_inactive", false)]
    [InlineData("/v1/jobs/j-9/_inactive", false)]
    public async Task Post_active_and_inactive_should_set_the_jobs_active_flag(string path, bool active)
    {
        (await _host.PostAsync(path)).ShouldBeOk();

        Assert.Equal(new SetJobActive("j-9", active), _host.Master.Single<SetJobActive>());
    }

    [Theory]
    [InlineData("GET", "/jobs/j-9/_active")]
    [InlineData("PUT", "/jobs")]
    [InlineData("POST", "/jobs/j-9")]
    public async Task Other_methods_on_these_paths_should_stay_405(string method, string path)
    {
        var response = await _host.SendAsync(new HttpMethod(method), path);

        response.ShouldBeError(405, $"cannot {method} endpoint {path}");
        Assert.Empty(_host.Master.Asks);
    }
}
