using System.Runtime.InteropServices;
using Teraslice.Akka.Api.Cluster;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

public sealed class ClusterApiSpecs : IClassFixture<ApiHost>
{
    private readonly ApiHost _host;

    public ClusterApiSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    public async Task Root_should_describe_the_cluster_without_asking_the_master(string path)
    {
        var response = await _host.GetAsync(path);

        response.ShouldBeOk();
        var json = response.Json;
        Assert.Equal(
            ["arch", "clustering_type", "name", "node_version", "platform", "teraslice_version", "teraslice_akka_version"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(SystemInfo.NodeArch(RuntimeInformation.ProcessArchitecture), json.GetProperty("arch").GetString());
        Assert.Equal("native", json.GetProperty("clustering_type").GetString());
        Assert.Equal(ApiHost.ClusterName, json.GetProperty("name").GetString());
        Assert.Equal("v" + Environment.Version, json.GetProperty("node_version").GetString());
        Assert.Equal(SystemInfo.NodePlatform(), json.GetProperty("platform").GetString());
        Assert.Equal("v3.18.0", json.GetProperty("teraslice_version").GetString());
        Assert.Equal(ApiHost.ProductVersion, json.GetProperty("teraslice_akka_version").GetString());
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Root_should_report_this_machine_in_nodejs_spelling()
    {
        var json = (await _host.GetAsync("/")).Json;

        if (OperatingSystem.IsLinux())
            Assert.Equal("linux", json.GetProperty("platform").GetString());
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.Equal("x64", json.GetProperty("arch").GetString());
    }

    [Fact]
    public async Task Root_should_be_indented_with_four_spaces()
    {
        var body = (await _host.GetAsync("/")).ShouldBeOk();

        Assert.StartsWith("{\n    \"arch\": \"", body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Cluster_state_should_ask_for_the_cluster_state(string prefix)
    {
        _host.Master.Answer(new JsonReply("""{"node-1":{"node_id":"node-1"}}"""));

        var response = await _host.GetAsync($"{prefix}/cluster/state");

        Assert.Equal("{\n    \"node-1\": {\n        \"node_id\": \"node-1\"\n    }\n}", response.ShouldBeOk());
        Assert.Same(GetClusterState.Instance, _host.Master.Single<GetClusterState>());
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Theory]
    [InlineData("/cluster/controllers")]
    [InlineData("/cluster/slicers")]
    [InlineData("/v1/cluster/controllers")]
    [InlineData("/v1/cluster/slicers")]
    public async Task Cluster_controllers_should_ask_for_every_controller(string path)
    {
        _host.Master.Answer(new JsonReply("[]"));

        var response = await _host.GetAsync(path);

        Assert.Equal("[]", response.ShouldBeOk());
        var request = _host.Master.Single<GetControllers>();
        Assert.Null(request.JobId);
        Assert.Null(request.ExId);
    }
}
