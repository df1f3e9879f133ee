using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

/// <summary>Our routes for clients: a job id of the caller's on submit, _kill, and the cluster event log.</summary>
public sealed class ClientRoutesSpecs : IClassFixture<ApiHost>
{
    private const string Job = """{"name":"j","operations":[{"_op":"noop"},{"_op":"noop"}]}""";
    private readonly ApiHost _host;

    public ClientRoutesSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("orders-daily")]
    [InlineData("a")]
    [InlineData("tenant:ns.job_1")]
    public async Task Post_jobs_should_carry_the_job_id_the_caller_chose(string jobId)
    {
        (await _host.PostAsync($"/v1/jobs?job_id={Uri.EscapeDataString(jobId)}", Job)).ShouldBeOk();

        Assert.Equal(jobId, _host.Master.Single<SubmitJob>().JobId);
    }

    [Theory]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("ünïcode")]
    public async Task Post_jobs_with_a_job_id_that_cannot_be_one_should_be_400(string jobId)
    {
        var response = await _host.PostAsync($"/v1/jobs?job_id={Uri.EscapeDataString(jobId)}", Job);

        response.ShouldBeError(400, $"job_id query option must be 1 to 128 letters, digits, '-', '_', '.' or ':' starting with a letter or digit; got \"{jobId}\"");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task A_job_id_too_long_should_be_400_quoting_only_its_start()
    {
        var response = await _host.PostAsync($"/v1/jobs?job_id={new string('a', 129)}", Job);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.EndsWith($"got \"{new string('a', 40)}...\"", response.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Kill_should_ask_the_master_with_the_stop_timeout()
    {
        _host.Master.Answer(new JsonReply("""{"message":"Force stop complete for exId e1","status":"stopped"}"""));

        (await _host.PostAsync("/v1/jobs/j1/_kill")).ShouldBeOk();

        Assert.Equal("j1", _host.Master.Single<KillJob>().JobId);
        Assert.Equal(ApiHost.StopAskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Fact]
    public async Task Events_should_be_json_lines_from_the_sequence_asked()
    {
        _host.Master.AnswerWith(request => Events(((GetClusterEvents)request).From, 2));

        var response = await _host.GetAsync("/v1/cluster/events?from=5");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("application/x-ndjson", response.ContentType);
        var lines = response.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([5L, 6L], lines.Select(l => (long)JsonNode.Parse(l)!["sequence"]!));
        Assert.Equal(5, _host.Master.Single<GetClusterEvents>().From);
    }

    [Fact]
    public async Task Events_asked_as_json_should_be_one_array_page()
    {
        _host.Master.AnswerWith(request => Events(((GetClusterEvents)request).From, 2));

        var response = await _host.GetAcceptingAsync("/v1/cluster/events?from=3&limit=50", "application/json");

        Assert.Equal([3L, 4L], response.Json.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal((3L, 50), (_host.Master.Single<GetClusterEvents>().From, _host.Master.Single<GetClusterEvents>().Max));
    }

    [Fact]
    public async Task Events_should_stop_at_the_limit_and_read_past_a_full_batch()
    {
        _host.Master.AnswerWith(request => Events(((GetClusterEvents)request).From, ((GetClusterEvents)request).Max));

        var response = await _host.GetAsync("/cluster/events?limit=3");

        Assert.Equal(3, response.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(3, _host.Master.Single<GetClusterEvents>().Max);
    }

    [Theory]
    [InlineData("from=-1", "from query option must be a sequence number (0 or more); got \"-1\"")]
    [InlineData("from=abc", "from query option must be a sequence number (0 or more); got \"abc\"")]
    [InlineData("limit=10001", "limit query option must be a number from 0 to 10000; got \"10001\"")]
    [InlineData("follow=maybe", "follow query option must be true or false; got \"maybe\"")]
    public async Task Events_with_bad_options_should_be_400(string query, string message)
    {
        (await _host.GetAsync($"/v1/cluster/events?{query}")).ShouldBeError(400, message);
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Events_when_the_store_cannot_be_read_should_be_503()
    {
        _host.Master.Answer(Rejection.Unavailable("the state store could not be read (down); try again"));

        (await _host.GetAsync("/v1/cluster/events")).ShouldBeError(503, "the state store could not be read (down); try again");
    }

    [Fact]
    public async Task Server_sent_events_should_follow_from_after_the_last_event_id()
    {
        _host.Master.AnswerWith(request => ((GetClusterEvents)request).From == 8 ? Events(8, 2) : Events(0, 0));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/cluster/events");
        request.Headers.Add("Accept", "text/event-stream");
        request.Headers.Add("Last-Event-ID", "7");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await _host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var frames = new List<string>();
        while (frames.Count < 6)
            frames.Add((await reader.ReadLineAsync(cancel.Token))!);

        Assert.Equal("id: 8", frames[0]);
        Assert.Equal("event: job_submitted", frames[1]);
        Assert.StartsWith("data: {\"sequence\":8,", frames[2]);
        Assert.Equal("", frames[3]);
        Assert.Equal("id: 9", frames[4]);
        // it follows: the stream is still open and asks again after the last event
        await WaitUntilAsync(() => _host.Master.Asks.Any(a => a.Request is GetClusterEvents { From: 10 }), cancel.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition()) await Task.Delay(50, ct);
    }

    private static JsonReply Events(long from, int count) => new(new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
    {
        ["sequence"] = from + i,
        ["timestamp"] = "2024-01-02T03:04:05.678Z",
        ["kind"] = "job_submitted",
        ["job_id"] = "j1",
        ["ex_id"] = null,
        ["data"] = new JsonObject(),
    }).ToArray()).ToJsonString());
}
