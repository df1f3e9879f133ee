using Teraslice.Akka.Api.Tests.Support;

namespace Teraslice.Akka.Api.Tests;

public sealed class QueryValidationSpecs : IClassFixture<ApiHost>
{
    private const string JobSorts = "_created, _updated, name, job_id";
    private const string ExSorts = "_created, _updated, name, job_id, ex_id, _status";
    private const string Statuses =
        "pending, scheduling, initializing, recovering, running, failing, paused, stopping, completed, stopped, rejected, failed, terminated";

    private readonly ApiHost _host;

    public QueryValidationSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("GET", "/jobs?from=-1", "from query option must be an integer >= 0; got \"-1\"")]
    [InlineData("GET", "/v1/ex?from=abc", "from query option must be an integer >= 0; got \"abc\"")]
    [InlineData("GET", "/jobs?from=1.5", "from query option must be an integer >= 0; got \"1.5\"")]
    [InlineData("GET", "/jobs?from=99999999999", "from query option must be an integer >= 0; got \"99999999999\"")]
    [InlineData("GET", "/jobs?size=10001", "size query option must be an integer from 0 to 10000; got \"10001\"")]
    [InlineData("GET", "/ex?size=-1", "size query option must be an integer from 0 to 10000; got \"-1\"")]
    [InlineData("GET", "/ex?size=ten", "size query option must be an integer from 0 to 10000; got \"ten\"")]
    [InlineData("GET", "/jobs?size=1&size=2", "size query option must be given once")]
    [InlineData("GET", "/jobs?sort=bogus", "sort query option must be field, field:asc or field:desc with field one of " + JobSorts + "; got \"bogus\"")]
    [InlineData("GET", "/jobs?sort=_status", "sort query option must be field, field:asc or field:desc with field one of " + JobSorts + "; got \"_status\"")]
    [InlineData("GET", "/jobs?sort=name:up", "sort query option must be field, field:asc or field:desc with field one of " + JobSorts + "; got \"name:up\"")]
    [InlineData("GET", "/ex?sort=_status:", "sort query option must be field, field:asc or field:desc with field one of " + ExSorts + "; got \"_status:\"")]
    [InlineData("GET", "/v1/ex?sort=bogus:asc", "sort query option must be field, field:asc or field:desc with field one of " + ExSorts + "; got \"bogus:asc\"")]
    [InlineData("GET", "/jobs?deleted=maybe", "deleted query option must be true or false; got \"maybe\"")]
    [InlineData("GET", "/ex?deleted=1", "deleted query option must be true or false; got \"1\"")]
    [InlineData("GET", "/jobs?active=yes", "active query option must be true or false; got \"yes\"")]
    [InlineData("GET", "/jobs?filter=name:x", "filter query option is not supported; use status, active or deleted")]
    [InlineData("GET", "/ex?filter=_status:running", "filter query option is not supported; use status, active or deleted")]
    [InlineData("GET", "/ex?status=running,bogus", "status query option has an unknown status \"bogus\"; allowed: " + Statuses)]
    [InlineData("POST", "/jobs?start=no", "start query option must be true or false; got \"no\"")]
    [InlineData("POST", "/jobs/j/_stop?blocking=nope", "blocking query option must be true or false; got \"nope\"")]
    [InlineData("POST", "/ex/e/_stop?force=1", "force query option must be true or false; got \"1\"")]
    [InlineData("POST", "/v1/ex/e/_stop?force=%20true", "force query option must be true or false; got \" true\"")]
    [InlineData("POST", "/jobs/j/_stop?timeout=-5", "timeout query option must be an integer >= 0 (milliseconds); got \"-5\"")]
    [InlineData("POST", "/v1/jobs/j/_stop?timeout=1s", "timeout query option must be an integer >= 0 (milliseconds); got \"1s\"")]
    public async Task Bad_query_options_should_be_400_naming_the_option_and_what_it_accepts(string method, string pathAndQuery, string message)
    {
        var content = method == "POST" ? ApiHost.Content("""{"operations":[]}""", "application/json") : null;

        var response = await _host.SendAsync(new HttpMethod(method), pathAndQuery, content);

        response.ShouldBeError(400, message);
        Assert.Empty(_host.Master.Asks);
    }
}
