using System.Text.Json.Nodes;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

/// <summary><c>POST /cluster/_gc</c> (ours): the retention as Teraslice writes durations, the master's report as the body.</summary>
public sealed class GcRouteSpecs : IClassFixture<ApiHost>
{
    private const string Report =
        """{"retention_ms":0,"before":"2024-06-01T12:00:00.000Z","executions_collected":1,"journal_rows_deleted":8,"snapshot_rows_deleted":1,"events_deleted":3,"bytes_freed":4096,"took_ms":12}""";

    private readonly ApiHost _host;

    public GcRouteSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("?retention=7d", 7 * 24 * 3_600_000L)]
    [InlineData("?retention=12%20hours", 12 * 3_600_000L)]
    [InlineData("?retention=30m", 30 * 60_000L)]
    [InlineData("?retention=1500", 1500L)]
    [InlineData("?retention=0", 0L)]
    public async Task Gc_should_ask_the_master_with_the_retention_given_and_answer_its_report(string query, long milliseconds)
    {
        _host.Master.Answer(new JsonReply(Report));

        var body = (await _host.PostAsync("/v1/cluster/_gc" + query)).ShouldBeOk();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Report), JsonNode.Parse(body)), body);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), _host.Master.Single<RunGc>().Retention);
    }

    [Theory]
    [InlineData("/cluster/_gc")]
    [InlineData("/v1/cluster/_gc")]
    [InlineData("/v1/cluster/_gc?retention=")]
    public async Task Gc_without_a_retention_should_leave_it_to_the_nodes_setting(string path)
    {
        (await _host.PostAsync(path)).ShouldBeOk();

        Assert.Null(_host.Master.Single<RunGc>().Retention);
        // it may compact a large file: the longer timeout, as a blocking stop
        Assert.Equal(ApiHost.StopAskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Theory]
    [InlineData("-1d")]
    [InlineData("weekly")]
    [InlineData("7 fortnights")]
    [InlineData("99999999999y")]
    public async Task A_retention_that_is_not_a_duration_of_zero_or_more_should_be_400_naming_the_option(string retention)
    {
        var response = await _host.PostAsync($"/v1/cluster/_gc?retention={Uri.EscapeDataString(retention)}");

        response.ShouldBeError(400,
            $"retention query option must be a duration of zero or more, such as 7d, 12h, 30m or a number of milliseconds; got \"{retention}\"");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task A_refusal_of_the_master_should_keep_its_status()
    {
        _host.Master.Answer(Rejection.BadRequest("retention must be zero or more, got -00:00:01"));

        (await _host.PostAsync("/v1/cluster/_gc?retention=1d")).ShouldBeError(400, "retention must be zero or more, got -00:00:01");
    }

    [Fact]
    public async Task Get_of_the_gc_route_should_not_be_allowed()
    {
        (await _host.GetAsync("/v1/cluster/_gc")).ShouldBeError(405, "cannot GET endpoint /v1/cluster/_gc");
        Assert.Empty(_host.Master.Asks);
    }
}
