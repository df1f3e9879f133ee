using System.Net.Sockets;
using System.Text;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

public sealed class ClusterStatsSpecs : IClassFixture<ApiHost>
{
    private const string OpenMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private const string Stats = """
        {"controllers":{"processed":2,"failed":1,"queued":3,"job_duration":7,"workers_joined":4,"workers_disconnected":5,"workers_reconnected":6},
         "slicer":{"processed":2,"failed":1,"queued":3,"job_duration":7,"workers_joined":4,"workers_disconnected":5,"workers_reconnected":6}}
        """;

    private const string Metrics = """
        # TYPE teraslice_slices_processed counter
        teraslice_slices_processed{cluster="specs-cluster"} 2
        # TYPE teraslice_slices_failed counter
        teraslice_slices_failed{cluster="specs-cluster"} 1
        # TYPE teraslice_slices_queued counter
        teraslice_slices_queued{cluster="specs-cluster"} 3
        # TYPE teraslice_workers_joined counter
        teraslice_workers_joined{cluster="specs-cluster"} 4
        # TYPE teraslice_workers_disconnected counter
        teraslice_workers_disconnected{cluster="specs-cluster"} 5
        # TYPE teraslice_workers_reconnected counter
        teraslice_workers_reconnected{cluster="specs-cluster"} 6
        # EOF

        """;

    private readonly ApiHost _host;

    public ClusterStatsSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
        host.Master.Answer(new JsonReply(Stats));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Cluster_stats_should_be_the_masters_json_by_default(string prefix)
    {
        _host.Master.Answer(new JsonReply("""{"controllers":{"processed":2},"slicer":{"processed":2}}"""));

        var response = await _host.GetAsync($"{prefix}/cluster/stats");

        Assert.Equal(
            "{\n    \"controllers\": {\n        \"processed\": 2\n    },\n    \"slicer\": {\n        \"processed\": 2\n    }\n}",
            response.ShouldBeOk());
        Assert.Same(GetClusterStats.Instance, _host.Master.Single<GetClusterStats>());
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
        Assert.Equal("Accept", response.Vary);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")] // a browser
    [InlineData("application/openmetrics-text;q=0")]
    [InlineData("application/openmetrics-text;q=0.5, application/json")]
    [InlineData("application/json, application/openmetrics-text")] // a tie keeps the default
    [InlineData("application/*, application/openmetrics-text;q=0.9")]
    [InlineData("application/openmetrics-text;q=abc")] // a malformed weight voids its range
    [InlineData("application/openmetrics-text;q=1.5")]
    [InlineData("text/openmetrics-text")]
    [InlineData("application/openmetrics-textual")]
    [InlineData("text/plain;version=0.0.4")] // Prometheus' older text format is not served
    [InlineData("application/json;q=0.5;ext=\"a,application/openmetrics-text,b\"")] // quoted, not a range
    public async Task Cluster_stats_should_stay_json_unless_openmetrics_is_preferred(string accept)
    {
        var response = await _host.GetAcceptingAsync("/cluster/stats", accept);

        Assert.StartsWith("{\n    \"controllers\": {", response.ShouldBeOk());
    }

    [Theory]
    [InlineData("application/openmetrics-text;")] // upstream's documented header
    [InlineData("application/openmetrics-text")]
    [InlineData("application/openmetrics-text; version=1.0.0")]
    [InlineData("Application/OpenMetrics-Text; Version=\"1.0.0\"; charset=utf-8")]
    [InlineData("application/openmetrics-text; version=1.0.0,application/openmetrics-text; version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")] // Prometheus
    [InlineData("application/json;q=0.5, application/openmetrics-text;q=0.9")]
    [InlineData("application/openmetrics-text, */*")] // named beats a wildcard at the same weight
    [InlineData("application/openmetrics-text;comment=\"a, b; c\";q=1, application/json;q=0.1")]
    [InlineData("application/openmetrics-text;version=0.0.1;q=0.3, application/openmetrics-text;version=1.0.0, application/json;q=0.5")]
    public async Task Cluster_stats_should_be_openmetrics_when_asked_for(string accept)
    {
        var response = await _host.GetAcceptingAsync("/cluster/stats", accept);

        Assert.Equal(Metrics.ReplaceLineEndings("\n"), response.ShouldBeText(OpenMetricsType));
        Assert.Equal("Accept", response.Vary);
    }

    [Fact]
    public async Task Cluster_stats_should_read_every_accept_header_line()
    {
        // HttpClient folds repeated headers into one line; a raw request keeps them apart.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.Client.BaseAddress!.Host, _host.Client.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /v1/cluster/stats HTTP/1.1\r\nHost: localhost\r\n" +
            "Accept: application/json;q=0.2\r\nAccept: application/openmetrics-text\r\nConnection: close\r\n\r\n"));

        var response = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        Assert.Contains($"\r\nContent-Type: {OpenMetricsType}\r\n", response);
        Assert.EndsWith("\r\n\r\n" + Metrics.ReplaceLineEndings("\n"), response);
    }

    [Fact]
    public async Task Openmetrics_should_leave_out_counters_the_master_did_not_report()
    {
        _host.Master.Answer(new JsonReply("""{"controllers":{"workers_joined":1.5,"processed":"n/a","failed":null,"extra":9},"slicer":{}}"""));

        var response = await _host.GetAcceptingAsync("/cluster/stats", "application/openmetrics-text");

        Assert.Equal(
            "# TYPE teraslice_workers_joined counter\nteraslice_workers_joined{cluster=\"specs-cluster\"} 1.5\n# EOF\n",
            response.ShouldBeText(OpenMetricsType));
    }

    [Fact]
    public void Openmetrics_should_escape_the_cluster_name_in_its_label()
    {
        var text = Cluster.ClusterStatsApi.OpenMetrics("""{"controllers":{"queued":0}}""", "a\"b\\c\nd");

        Assert.Equal("# TYPE teraslice_slices_queued counter\nteraslice_slices_queued{cluster=\"a\\\"b\\\\c\\nd\"} 0\n# EOF\n", text);
    }

    [Fact]
    public async Task Openmetrics_should_pass_the_masters_rejection_as_json()
    {
        _host.Master.Answer(Rejection.Unavailable("stats are not ready"));

        var response = await _host.GetAcceptingAsync("/cluster/stats", "application/openmetrics-text");

        response.ShouldBeError(503, "stats are not ready");
    }

    [Fact]
    public async Task Openmetrics_from_a_reply_without_controllers_should_be_500()
    {
        _host.Master.Answer(new JsonReply("""{"slicer":{}}"""));

        var response = await _host.GetAcceptingAsync("/cluster/stats", "application/openmetrics-text");

        response.ShouldBeError(500, "internal error; see the node's log");
    }
}
