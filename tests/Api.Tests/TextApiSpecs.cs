using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

/// <summary>The /txt routes over HTTP: what they ask, and the tables they print.</summary>
public sealed class TextApiSpecs : IClassFixture<ApiHost>
{
    private const string TextType = "text/plain; charset=utf-8";

    private const string ClusterState = """
        {"node-1":{"node_id":"node-1","hostname":"10.0.0.1","pid":100,"node_version":"v10.0.0","teraslice_version":"v3.18.0",
                   "total":4,"state":"connected","available":1,"active":[
                     {"worker_id":1,"assignment":"cluster_master","pid":101},
                     {"worker_id":2,"assignment":"execution_controller","pid":102,"ex_id":"e-1","job_id":"j-1"},
                     {"worker_id":3,"assignment":"worker","pid":103,"ex_id":"e-1","job_id":"j-1"}]},
         "node-2":{"node_id":"node-2","hostname":"10.0.0.2","pid":200,"node_version":"v10.0.0","teraslice_version":"v3.18.0",
                   "total":2,"state":"disconnected","available":1,"active":[
                     {"worker_id":1,"assignment":"worker","pid":201,"ex_id":"e-1","job_id":"j-1"}]}}
        """;

    private const string Jobs = """
        [{"job_id":"j-1","name":"etl","active":true,"lifecycle":"once","slicers":1,"workers":2,"operations":[],
          "_created":"2024-01-01T00:00:00.000Z","_updated":"2024-01-02T00:00:00.000Z"},
         {"job_id":"j-22","name":"reindex events","lifecycle":"persistent","workers":10,
          "_created":"2024-02-01T00:00:00.000Z","_updated":"2024-02-02T00:00:00.000Z","_deleted_on":"2024-03-01"}]
        """;

    private const string Executions = """
        [{"name":"etl","lifecycle":"once","slicers":1,"workers":2,"_status":"completed","ex_id":"e-1","job_id":"j-1",
          "_created":"2024-01-01T00:00:00.000Z","_updated":"2024-01-02T00:00:00.000Z","_slicer_stats":{"processed":7}}]
        """;

    private const string Controllers = """
        [{"ex_id":"e-1","job_id":"j-1","name":"etl","workers_available":0,"workers_active":2,"failed":1,"queued":5,"processed":1234},
         {"ex_id":"e-2","job_id":"j-22","name":"reindex events","workers_available":3,"workers_active":0,"failed":0,"queued":0,"processed":0}]
        """;

    private static readonly string[] WorkerLines =
    [
        "assignment            job_id  ex_id  node_id  pid",
        "--------------------  ------  -----  -------  ---",
        "cluster_master        N/A     N/A    node-1   101",
        "execution_controller  j-1     e-1    node-1   102",
        "worker                j-1     e-1    node-1   103",
        "worker                j-1     e-1    node-2   201",
    ];

    private readonly ApiHost _host;

    public TextApiSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Fact]
    public async Task Txt_workers_should_list_every_process_of_every_node()
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        var text = (await _host.GetAsync("/txt/workers")).ShouldBeText(TextType);

        Assert.Equal(Lines(WorkerLines), text);
        Assert.Same(GetClusterState.Instance, _host.Master.Single<GetClusterState>());
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    [Theory]
    [InlineData("from=1&size=2", 1, 2)]
    [InlineData("from=3", 3, 1)]
    [InlineData("size=1", 0, 1)]
    [InlineData("from=0&size=100", 0, 4)]
    [InlineData("from=&size=", 0, 4)]
    public async Task Txt_workers_should_skip_from_and_take_size(string query, int skip, int take)
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        var text = (await _host.GetAsync($"/txt/workers?{query}")).ShouldBeText(TextType);

        // Column widths come from the rows shown, so compare the cells only.
        var expected = WorkerLines[2..].Skip(skip).Take(take);
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];
        Assert.Equal(expected.Select(Cells), rows.Select(Cells));
    }

    [Theory]
    [InlineData("from=4")]
    [InlineData("from=99")]
    [InlineData("size=0")]
    public async Task Txt_workers_past_the_end_should_be_the_header_alone(string query)
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        var text = (await _host.GetAsync($"/txt/workers?{query}")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "assignment  job_id  ex_id  node_id  pid",
            "----------  ------  -----  -------  ---"), text);
    }

    [Fact]
    public async Task Txt_workers_should_take_node_id_and_hostname_from_the_node()
    {
        _host.Master.Answer(new JsonReply("""
            {"key-only":{"active":[{"assignment":"worker","node_id":"stale"}]},
             "n2":{"node_id":"node-2","hostname":"h2","active":[{"node_id":"stale","hostname":"mine"}]}}
            """));

        var text = (await _host.GetAsync("/txt/workers?fields=node_id,hostname&headers=false")).ShouldBeText(TextType);

        Assert.Equal(Lines("key-only  N/A", "node-2    h2 "), text);
    }

    [Fact]
    public async Task Txt_nodes_should_count_each_nodes_processes()
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        var text = (await _host.GetAsync("/txt/nodes")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "node_id  state         hostname  total  active  pid  teraslice_version  node_version",
            "-------  ------------  --------  -----  ------  ---  -----------------  ------------",
            "node-1   connected     10.0.0.1  4      3       100  v3.18.0            v10.0.0     ",
            "node-2   disconnected  10.0.0.2  2      1       200  v3.18.0            v10.0.0     "), text);
        Assert.Same(GetClusterState.Instance, _host.Master.Single<GetClusterState>());
    }

    [Fact]
    public async Task Txt_nodes_should_page_in_memory()
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        var text = (await _host.GetAsync("/txt/nodes?from=1&size=1&fields=node_id,active&headers=false")).ShouldBeText(TextType);

        Assert.Equal(Lines("node-2  1"), text);
    }

    [Fact]
    public async Task Txt_jobs_should_list_jobs_with_the_default_columns()
    {
        _host.Master.Answer(new JsonReply(Jobs));

        var text = (await _host.GetAsync("/txt/jobs")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "job_id  name            active  lifecycle   slicers  workers  _created                  _updated                ",
            "------  --------------  ------  ----------  -------  -------  ------------------------  ------------------------",
            "j-1     etl             true    once        1        2        2024-01-01T00:00:00.000Z  2024-01-02T00:00:00.000Z",
            "j-22    reindex events  N/A     persistent  N/A      10       2024-02-01T00:00:00.000Z  2024-02-02T00:00:00.000Z"), text);
        Assert.Equal(new ListJobs(ListQuery.Default, null, null), _host.Master.Single<ListJobs>());
    }

    [Fact]
    public async Task Txt_jobs_should_pass_its_options_to_the_master()
    {
        _host.Master.Answer(new JsonReply("[]"));

        (await _host.GetAsync("/txt/jobs?active=false&from=2&size=3&sort=name:asc")).ShouldBeText(TextType);

        Assert.Equal(new ListJobs(new ListQuery(2, 3, "name", false, false), false, null), _host.Master.Single<ListJobs>());
    }

    [Fact]
    public async Task Txt_jobs_of_deleted_jobs_should_add_deleted_on()
    {
        _host.Master.Answer(new JsonReply(Jobs));

        var text = (await _host.GetAsync("/txt/jobs?deleted=true")).ShouldBeText(TextType);

        var lines = text.Split('\n');
        Assert.EndsWith("_updated" + new string(' ', 16 + 2) + "_deleted_on", lines[0]);
        Assert.EndsWith("2024-01-02T00:00:00.000Z  N/A        ", lines[2]);
        Assert.EndsWith("2024-02-02T00:00:00.000Z  2024-03-01 ", lines[3]);
        Assert.True(_host.Master.Single<ListJobs>().Query.Deleted);
    }

    [Fact]
    public async Task Txt_jobs_with_fields_should_not_add_deleted_on()
    {
        _host.Master.Answer(new JsonReply(Jobs));

        var text = (await _host.GetAsync("/txt/jobs?deleted=true&fields=job_id")).ShouldBeText(TextType);

        Assert.Equal(Lines("job_id", "------", "j-1   ", "j-22  "), text);
    }

    [Fact]
    public async Task Txt_ex_should_list_executions_with_the_default_columns()
    {
        _host.Master.Answer(new JsonReply(Executions));

        var text = (await _host.GetAsync("/txt/ex")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "name  lifecycle  slicers  workers  _status    ex_id  job_id  _created                  _updated                ",
            "----  ---------  -------  -------  ---------  -----  ------  ------------------------  ------------------------",
            "etl   once       1        2        completed  e-1    j-1     2024-01-01T00:00:00.000Z  2024-01-02T00:00:00.000Z"), text);
        Assert.Equal(new ListExecutions(ListQuery.Default, null), _host.Master.Single<ListExecutions>());
    }

    [Fact]
    public async Task Txt_ex_should_pass_its_options_to_the_master()
    {
        _host.Master.Answer(new JsonReply("[]"));

        var text = (await _host.GetAsync("/txt/ex?status=running,failed&deleted=true&from=1&size=9&sort=_status")).ShouldBeText(TextType);

        var request = _host.Master.Single<ListExecutions>();
        Assert.Equal(new ListQuery(1, 9, "_status", true, true), request.Query);
        Assert.Equal(["running", "failed"], request.Statuses!);
        Assert.EndsWith("_updated  _deleted_on", text.Split('\n')[0]);
    }

    [Fact]
    public async Task Txt_ex_fields_should_reach_nested_values()
    {
        _host.Master.Answer(new JsonReply(Executions));

        var text = (await _host.GetAsync("/txt/ex?fields=ex_id+_slicer_stats.processed")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "ex_id  _slicer_stats.processed",
            "-----  -----------------------",
            "e-1    7                      "), text);
    }

    [Theory]
    [InlineData("/txt/controllers")]
    [InlineData("/txt/slicers")]
    public async Task Txt_controllers_should_list_every_controller(string path)
    {
        _host.Master.Answer(new JsonReply(Controllers));

        var text = (await _host.GetAsync(path)).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "name            job_id  workers_available  workers_active  failed  queued  processed",
            "--------------  ------  -----------------  --------------  ------  ------  ---------",
            "etl             j-1     0                  2               1       5       1234     ",
            "reindex events  j-22    3                  0               0       0       0        "), text);
        Assert.Equal(new GetControllers(null, null), _host.Master.Single<GetControllers>());
    }

    [Fact]
    public async Task Txt_controllers_should_page_in_memory()
    {
        _host.Master.Answer(new JsonReply(Controllers));

        var text = (await _host.GetAsync("/txt/controllers?from=1&fields=job_id&headers=false")).ShouldBeText(TextType);

        Assert.Equal(Lines("j-22"), text);
    }

    [Theory]
    [InlineData("/txt/workers", "assignment  job_id  ex_id  node_id  pid", "{}")]
    [InlineData("/txt/nodes", "node_id  state  hostname  total  active  pid  teraslice_version  node_version", "{}")]
    [InlineData("/txt/jobs", "job_id  name  active  lifecycle  slicers  workers  _created  _updated", "[]")]
    [InlineData("/txt/ex", "name  lifecycle  slicers  workers  _status  ex_id  job_id  _created  _updated", "[]")]
    [InlineData("/txt/controllers", "name  job_id  workers_available  workers_active  failed  queued  processed", "[]")]
    public async Task An_empty_result_should_be_the_header_alone(string path, string header, string reply)
    {
        _host.Master.Answer(new JsonReply(reply));

        var text = (await _host.GetAsync(path)).ShouldBeText(TextType);

        var dashes = string.Join("  ", header.Split("  ").Select(column => new string('-', column.Length)));
        Assert.Equal(Lines(header, dashes), text);
    }

    [Theory]
    [InlineData("/txt/workers", "{}")]
    [InlineData("/txt/jobs", "[]")]
    public async Task An_empty_result_without_headers_should_be_empty(string path, string reply)
    {
        _host.Master.Answer(new JsonReply(reply));

        Assert.Equal("", (await _host.GetAsync($"{path}?headers=false")).ShouldBeText(TextType));
    }

    [Theory]
    [InlineData("/txt/workers?fields=pid,assignment", "pid  assignment", "101  cluster_master")]
    [InlineData("/txt/workers?fields=pid%20%20assignment", "pid  assignment", "101  cluster_master")]
    [InlineData("/txt/workers?fields=pid+assignment", "pid  assignment", "101  cluster_master")]
    [InlineData("/txt/workers?fields=pid,,assignment,pid", "pid  assignment", "101  cluster_master")]
    [InlineData("/txt/workers?fields=pid&fields=assignment", "pid  assignment", "101  cluster_master")]
    [InlineData("/txt/workers?fields=pid,bogus", "pid  bogus", "101  N/A")]
    [InlineData("/txt/workers?fields=worker_id,hostname", "worker_id  hostname", "1          10.0.0.1")]
    [InlineData("/txt/nodes?fields=available,node_id", "available  node_id", "1          node-1")]
    [InlineData("/txt/jobs?fields=name,operations", "name            operations", "etl")]
    [InlineData("/txt/ex?fields=_status", "_status", "completed")]
    [InlineData("/txt/controllers?fields=ex_id", "ex_id", "e-1")]
    public async Task Fields_should_choose_the_columns(string pathAndQuery, string header, string firstRow)
    {
        _host.Master.Answer(new JsonReply(pathAndQuery.StartsWith("/txt/jobs") ? Jobs
            : pathAndQuery.StartsWith("/txt/ex") ? Executions
            : pathAndQuery.StartsWith("/txt/controllers") ? Controllers
            : ClusterState));

        var lines = (await _host.GetAsync(pathAndQuery)).ShouldBeText(TextType).Split('\n');

        // Trailing padding depends on the other rows; the rest of the layout is exact.
        Assert.Equal(header, lines[0].TrimEnd());
        Assert.Equal(firstRow, lines[2].TrimEnd());
    }

    [Theory]
    [InlineData("fields=")]
    [InlineData("fields=%20,")]
    public async Task Empty_fields_should_mean_the_defaults(string query)
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        var text = (await _host.GetAsync($"/txt/workers?{query}")).ShouldBeText(TextType);

        Assert.Equal(Lines(WorkerLines), text);
    }

    [Theory]
    [InlineData("/txt/workers")]
    [InlineData("/txt/nodes")]
    [InlineData("/txt/jobs")]
    [InlineData("/txt/ex")]
    [InlineData("/txt/controllers")]
    public async Task Headers_false_should_print_the_rows_alone(string path)
    {
        var reply = path switch
        {
            "/txt/jobs" => Jobs,
            "/txt/ex" => Executions,
            "/txt/controllers" => Controllers,
            _ => ClusterState,
        };
        _host.Master.Answer(new JsonReply(reply));
        var withHeaders = (await _host.GetAsync($"{path}?fields=job_id")).ShouldBeText(TextType);

        var withoutHeaders = (await _host.GetAsync($"{path}?fields=job_id&headers=FALSE")).ShouldBeText(TextType);

        // Widths then come from the rows alone: compare trimmed cells.
        var rows = withHeaders.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..].Select(row => row.TrimEnd());
        Assert.Equal(rows, withoutHeaders.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => row.TrimEnd()));
        Assert.NotEmpty(rows);
        Assert.DoesNotContain("---", withoutHeaders);
    }

    [Theory]
    [InlineData("headers=true")]
    [InlineData("headers=")]
    public async Task Headers_true_or_empty_should_print_the_header(string query)
    {
        _host.Master.Answer(new JsonReply(ClusterState));

        Assert.Equal(Lines(WorkerLines), (await _host.GetAsync($"/txt/workers?{query}")).ShouldBeText(TextType));
    }

    [Theory]
    [InlineData("/txt/workers?headers=no", "headers query option must be true or false; got \"no\"")]
    [InlineData("/txt/nodes?from=-1", "from query option must be an integer >= 0; got \"-1\"")]
    [InlineData("/txt/controllers?size=x", "size query option must be an integer from 0 to 10000; got \"x\"")]
    [InlineData("/txt/jobs?active=maybe", "active query option must be true or false; got \"maybe\"")]
    [InlineData("/txt/jobs?sort=_status", "sort query option must be field, field:asc or field:desc with field one of _created, _updated, name, job_id; got \"_status\"")]
    [InlineData("/txt/ex?status=bogus", "status query option has an unknown status \"bogus\"; allowed: pending, scheduling, initializing, recovering, running, failing, paused, stopping, completed, stopped, rejected, failed, terminated")]
    [InlineData("/txt/ex?filter=x:y", "filter query option is not supported; use status, active or deleted")]
    [InlineData("/txt/slicers?headers=true&headers=false", "headers query option must be given once")]
    public async Task Bad_options_should_be_400_as_json(string pathAndQuery, string message)
    {
        (await _host.GetAsync(pathAndQuery)).ShouldBeError(400, message);

        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task A_rejection_should_stay_a_json_error()
    {
        _host.Master.Answer(Rejection.Unavailable("the store is not ready"));

        (await _host.GetAsync("/txt/jobs")).ShouldBeError(503, "the store is not ready");
    }

    [Theory]
    [InlineData("/txt/jobs", "{}")]
    [InlineData("/txt/workers", "[]")]
    public async Task A_reply_of_the_wrong_shape_should_be_500(string path, string reply)
    {
        _host.Master.Answer(new JsonReply(reply));

        (await _host.GetAsync(path)).ShouldBeError(500, "internal error; see the node's log");
    }

    [Theory]
    [InlineData("GET", "/v1/txt/jobs")]
    [InlineData("GET", "/v1/txt/workers")]
    [InlineData("GET", "/v1/txt/controllers")]
    [InlineData("GET", "/v1/txt/assets")]
    [InlineData("POST", "/txt/assets")]
    [InlineData("GET", "/txt/assets/name/1.0.0/more")]
    [InlineData("GET", "/txt")]
    [InlineData("POST", "/txt/jobs")]
    public async Task Other_paths_and_methods_should_be_405(string method, string path)
    {
        (await _host.SendAsync(new HttpMethod(method), path)).ShouldBeError(405, $"cannot {method} endpoint {path}");

        Assert.Empty(_host.Master.Asks);
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + "\n"));

    private static string Cells(string row) => string.Join('|', row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
