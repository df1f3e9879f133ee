using Akka.Actor;
using Microsoft.Extensions.Logging;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

public sealed class ReplyMappingSpecs : IClassFixture<ApiHost>
{
    private const string InternalError = "internal error; see the node's log";
    private readonly ApiHost _host;

    public ReplyMappingSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    /// <summary>Every kind of rejection and its HTTP status.</summary>
    public static TheoryData<RejectionKind, int> RejectionKinds => new()
    {
        { RejectionKind.BadRequest, 400 },
        { RejectionKind.NotFound, 404 },
        { RejectionKind.Conflict, 409 },
        { RejectionKind.Gone, 410 },
        { RejectionKind.PayloadTooLarge, 413 },
        { RejectionKind.Unprocessable, 422 },
        { RejectionKind.Internal, 500 },
        { RejectionKind.Unavailable, 503 },
    };

    [Fact]
    public void Every_rejection_kind_should_have_a_status_in_the_table()
    {
        var covered = RejectionKinds.Select(row => (RejectionKind)row[0]).ToHashSet();

        Assert.Equal(Enum.GetValues<RejectionKind>().ToHashSet(), covered);
    }

    [Fact]
    public async Task A_json_reply_should_be_200_indented_with_four_spaces()
    {
        _host.Master.Answer(new JsonReply("""{"a":1.50,"b":[1,{"c":null}],"d":{},"e":[],"f":"é <b>&'"}"""));

        var body = (await _host.GetAsync("/ex/e-1")).ShouldBeOk();

        Assert.Equal(
            """
            {
                "a": 1.50,
                "b": [
                    1,
                    {
                        "c": null
                    }
                ],
                "d": {},
                "e": [],
                "f": "é <b>&'"
            }
            """.ReplaceLineEndings("\n"), body);
    }

    [Theory]
    [InlineData(false, 200)]
    [InlineData(true, 201)]
    public async Task A_json_reply_should_be_200_or_201_when_it_created_something(bool created, int status)
    {
        _host.Master.Answer(new JsonReply("""{"asset_id":"a"}""", created));

        var response = await _host.GetAsync("/jobs/j-1");

        Assert.Equal(status, (int)response.Status);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal("{\n    \"asset_id\": \"a\"\n}", response.Body);
    }

    [Theory]
    [MemberData(nameof(RejectionKinds))]
    public async Task A_rejection_should_be_its_status_with_the_error_envelope(RejectionKind kind, int status)
    {
        _host.Master.Answer(new Rejection(kind, $"rejected as {kind}"));

        var response = await _host.GetAsync("/v1/jobs/j-1");

        response.ShouldBeError(status, $"rejected as {kind}");
    }

    [Fact]
    public async Task An_error_envelope_should_be_indented_with_four_spaces()
    {
        _host.Master.Answer(Rejection.NotFound("No execution was found for job j-1"));

        var response = await _host.GetAsync("/jobs/j-1/ex");

        Assert.Equal("{\n    \"error\": 404,\n    \"message\": \"No execution was found for job j-1\"\n}", response.Body);
    }

    [Fact]
    public async Task A_master_that_does_not_answer_in_time_should_be_503()
    {
        _host.Master.NeverAnswer();

        var response = await _host.GetAsync("/cluster/state");

        response.ShouldBeError(503, "the cluster master did not answer within 0.4 s; try again");
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("GetClusterState"));
    }

    [Fact]
    public async Task A_blocking_stop_that_times_out_should_name_the_stop_timeout()
    {
        _host.Master.Throw(new TimeoutException("the cluster master proxy was not registered"));

        var response = await _host.PostAsync("/ex/e-1/_stop");

        response.ShouldBeError(503, "the cluster master did not answer within 7 s; try again");
    }

    [Fact]
    public async Task A_master_exception_should_be_500_without_its_details_and_logged()
    {
        var boom = new InvalidOperationException("secret detail of the failure");
        _host.Master.Throw(boom);

        var response = await _host.GetAsync("/jobs");

        response.ShouldBeError(500, InternalError);
        Assert.DoesNotContain("secret", response.Body);
        Assert.DoesNotContain(" at ", response.Body);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && ReferenceEquals(e.Exception, boom)
            && e.Message.Contains("ListJobs"));
    }

    [Fact]
    public async Task An_unexpected_reply_type_should_be_500_and_logged()
    {
        _host.Master.Answer("a string is not a reply");

        var response = await _host.GetAsync("/ex");

        response.ShouldBeError(500, InternalError);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error
            && e.Message.Contains("ListExecutions") && e.Message.Contains("System.String"));
    }

    [Fact]
    public async Task A_failure_reply_should_be_500_and_logged_with_its_cause()
    {
        var cause = new InvalidOperationException("the store is down");
        _host.Master.Answer(new Status.Failure(cause));

        var response = await _host.PostAsync("/jobs/j-1/_start");

        response.ShouldBeError(500, InternalError);
        Assert.DoesNotContain("store", response.Body);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && ReferenceEquals(e.Exception, cause)
            && e.Message.Contains("StartJob"));
    }

    [Fact]
    public async Task An_exception_in_the_api_should_be_500_without_its_details_and_logged()
    {
        // A reply that is not JSON fails while writing it, inside the API.
        _host.Master.Answer(new JsonReply("{not json"));

        var response = await _host.GetAsync("/ex/e-1?x=1");

        response.ShouldBeError(500, InternalError);
        Assert.DoesNotContain(" at ", response.Body);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error
            && e.Exception is System.Text.Json.JsonException && e.Message.Contains("GET /ex/e-1"));
    }

    [Fact]
    public async Task A_rejection_of_an_unknown_kind_should_be_500()
    {
        _host.Master.Answer(new Rejection((RejectionKind)200, "not an error"));

        (await _host.GetAsync("/ex/e-1")).ShouldBeError(500, InternalError);
    }

    [Theory]
    [InlineData("GET", "/nope", "cannot GET endpoint /nope")]
    [InlineData("GET", "/v1/nope?size=1&x", "cannot GET endpoint /v1/nope?size=1&x")]
    [InlineData("GET", "/jobs/j-1/unknown", "cannot GET endpoint /jobs/j-1/unknown")]
    [InlineData("GET", "/v1/txt/jobs", "cannot GET endpoint /v1/txt/jobs")]
    [InlineData("POST", "/", "cannot POST endpoint /")]
    [InlineData("DELETE", "/jobs", "cannot DELETE endpoint /jobs")]
    [InlineData("PUT", "/v1/ex/e-1", "cannot PUT endpoint /v1/ex/e-1")]
    [InlineData("GET", "/jobs/j-1/_start", "cannot GET endpoint /jobs/j-1/_start")]
    [InlineData("POST", "/cluster/state", "cannot POST endpoint /cluster/state")]
    [InlineData("PATCH", "/v1", "cannot PATCH endpoint /v1")]
    public async Task Any_other_method_or_path_should_be_405(string method, string pathAndQuery, string message)
    {
        var response = await _host.SendAsync(new HttpMethod(method), pathAndQuery);

        response.ShouldBeError(405, message);
        Assert.Empty(_host.Master.Asks);
    }
}
