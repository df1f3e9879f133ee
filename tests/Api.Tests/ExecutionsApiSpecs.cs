using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

public sealed class ExecutionsApiSpecs : IClassFixture<ApiHost>
{
    private readonly ApiHost _host;

    public ExecutionsApiSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Get_ex_should_list_with_defaults(string prefix)
    {
        _host.Master.Answer(new JsonReply("[]"));

        Assert.Equal("[]", (await _host.GetAsync($"{prefix}/ex")).ShouldBeOk());

        var request = _host.Master.Single<ListExecutions>();
        Assert.Equal(ListQuery.Default, request.Query);
        Assert.Null(request.Statuses);
    }

    [Fact]
    public async Task Get_ex_should_pass_every_option()
    {
        (await _host.GetAsync("/v1/ex?status=running,%20Failed,,running&deleted=TRUE&from=1&size=2&sort=_status:asc")).ShouldBeOk();

        var request = _host.Master.Single<ListExecutions>();
        Assert.Equal(new ListQuery(1, 2, "_status", false, true), request.Query);
        Assert.Equal(["running", "failed"], request.Statuses!);
    }

    [Theory]
    [InlineData("status=")]
    [InlineData("status=,")]
    public async Task Get_ex_should_treat_an_empty_status_as_no_filter(string query)
    {
        (await _host.GetAsync($"/ex?{query}")).ShouldBeOk();

        Assert.Null(_host.Master.Single<ListExecutions>().Statuses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Get_ex_by_id_should_ask_for_the_execution(string prefix)
    {
        (await _host.GetAsync($"{prefix}/ex/e-1")).ShouldBeOk();

        Assert.Equal("e-1", _host.Master.Single<GetExecution>().ExId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v1")]
    public async Task Post_ex_stop_should_stop_the_execution(string prefix)
    {
        (await _host.PostAsync($"{prefix}/ex/e-2/_stop?timeout=100")).ShouldBeOk();

        var ask = Assert.Single(_host.Master.Asks);
        Assert.Equal(new StopExecution(null, "e-2", Blocking: true, Force: false, TimeoutMs: 100), ask.Request);
        Assert.Equal(ApiHost.StopAskTimeout, ask.Timeout);
    }

    [Fact]
    public async Task Post_ex_stop_should_use_the_short_timeout_when_not_blocking()
    {
        (await _host.PostAsync("/ex/e-3/_stop?blocking=false&force=false")).ShouldBeOk();

        var ask = Assert.Single(_host.Master.Asks);
        Assert.Equal(new StopExecution(null, "e-3", Blocking: false, Force: false, TimeoutMs: null), ask.Request);
        Assert.Equal(ApiHost.AskTimeout, ask.Timeout);
    }

    [Theory]
    [InlineData("/ex/e-4/controller")]
    [InlineData("/ex/e-4/slicer")]
    [InlineData("/v1/ex/e-4/controller")]
    [InlineData("/v1/ex/e-4/slicer")]
    public async Task Get_ex_controller_should_ask_for_the_executions_controller(string path)
    {
        (await _host.GetAsync(path)).ShouldBeOk();

        Assert.Equal(new GetControllers(null, "e-4"), _host.Master.Single<GetControllers>());
    }
}
