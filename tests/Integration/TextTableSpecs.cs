using System.Net;
using System.Text.RegularExpressions;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// The <c>/txt</c> tables (teraslice-notes §1.4): their default columns, their rows for what runs,
/// <c>fields</c> and <c>headers=false</c>, and their errors (JSON envelope).
/// </summary>
public sealed partial class TextTableSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan Bounded = Scenarios.Bounded;

    public static TheoryData<string, string[]> DefaultColumns => new()
    {
        { "/txt/workers", ["assignment", "job_id", "ex_id", "node_id", "pid"] },
        { "/txt/nodes", ["node_id", "state", "hostname", "total", "active", "pid", "teraslice_version", "node_version"] },
        { "/txt/jobs", ["job_id", "name", "active", "lifecycle", "slicers", "workers", "_created", "_updated"] },
        { "/txt/jobs?deleted=true", ["job_id", "name", "active", "lifecycle", "slicers", "workers", "_created", "_updated", "_deleted_on"] },
        { "/txt/ex", ["name", "lifecycle", "slicers", "workers", "_status", "ex_id", "job_id", "_created", "_updated"] },
        { "/txt/ex?deleted=true", ["name", "lifecycle", "slicers", "workers", "_status", "ex_id", "job_id", "_created", "_updated", "_deleted_on"] },
        { "/txt/controllers", ["name", "job_id", "workers_available", "workers_active", "failed", "queued", "processed"] },
        { "/txt/slicers", ["name", "job_id", "workers_available", "workers_active", "failed", "queued", "processed"] },
    };

    [Theory]
    [MemberData(nameof(DefaultColumns))]
    public Task Tables_should_have_the_documented_default_columns(string path, string[] columns) => OnNode(async node =>
    {
        var table = Table.Parse(path, (await node.Api.GetAsync(path)).ShouldBeText());

        Assert.Equal(columns, table.Header);
    });

    [Fact]
    public Task Workers_table_should_list_the_master_and_the_workers_of_an_execution() => OnNode(async node =>
    {
        var (jobId, exId) = await Scenarios.RunningAsync(node, Jobs.Persistent("txt-workers", workers: 2));
        await node.Api.WaitForWorkerCountAsync(exId, 2, Bounded);
        var nodeId = (await node.Api.GetObjectAsync("/v1/cluster/state")).Single().Key;

        var table = Table.Parse("/txt/workers", (await node.Api.GetAsync("/txt/workers")).ShouldBeText());
        Assert.Single(table.Rows, r => r["assignment"] == "cluster_master" && r["ex_id"] == "N/A" && r["job_id"] == "N/A");
        var workers = table.Rows.Where(r => r["assignment"] == "worker" && r["ex_id"] == exId).ToList();
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w =>
        {
            Assert.Equal(jobId, w["job_id"]);
            Assert.Equal(nodeId, w["node_id"]);
            Assert.Equal(node.Pid.ToString(), w["pid"]);
        });

        // fields in the given order, comma or space separated; headers=false leaves the rows alone
        var chosen = Table.Parse("/txt/workers?fields=ex_id hostname", (await node.Api.GetAsync("/txt/workers?fields=ex_id%20hostname")).ShouldBeText());
        Assert.Equal(["ex_id", "hostname"], chosen.Header);
        Assert.Equal(2, chosen.Rows.Count(r => r["ex_id"] == exId && r["hostname"] == "127.0.0.1"));
        var bare = Table.BareRows((await node.Api.GetAsync("/txt/workers?fields=ex_id,assignment&headers=false")).ShouldBeText());
        Assert.Equal(table.Rows.Count, bare.Count);
        Assert.Equal(2, bare.Count(r => r.SequenceEqual([exId, "worker"])));
        Assert.Contains(bare, r => r.SequenceEqual(["N/A", "cluster_master"]));

        // from and size page the rows here: size is a count after from (upstream: an end index)
        var page = Table.BareRows((await node.Api.GetAsync("/txt/workers?fields=ex_id,assignment&headers=false&from=1&size=1")).ShouldBeText());
        Assert.Equal([bare[1]], page);
        Assert.Equal(bare.Skip(1), Table.BareRows((await node.Api.GetAsync("/txt/workers?fields=ex_id,assignment&headers=false&from=1")).ShouldBeText()));
    });

    [Fact]
    public Task Nodes_table_should_list_this_node() => OnNode(async node =>
    {
        var (nodeId, state) = (await node.Api.GetObjectAsync("/v1/cluster/state")).Single();

        var row = Assert.Single(Table.Parse("/txt/nodes", (await node.Api.GetAsync("/txt/nodes")).ShouldBeText()).Rows);

        Assert.Equal(nodeId, row["node_id"]);
        Assert.Equal("connected", row["state"]);
        Assert.Equal("127.0.0.1", row["hostname"]);
        Assert.Equal("8", row["total"]);
        Assert.Equal(state!["active"]!.AsArray().Count.ToString(), row["active"]);
        Assert.Equal(node.Pid.ToString(), row["pid"]);
        Assert.Equal("v3.18.0", row["teraslice_version"]);
        Assert.Matches(@"^v\d+\.\d+\.\d+$", row["node_version"]);
        var bare = Table.BareRows((await node.Api.GetAsync("/txt/nodes?fields=node_id,total&headers=false")).ShouldBeText());
        Assert.Equal([[nodeId, "8"]], bare);
    });

    [Fact]
    public Task Jobs_table_should_list_jobs_as_get_jobs_does() => OnNode(async node =>
    {
        var stored = await node.Api.StoreAsync("""
            {"name":"txt-jobs","lifecycle":"persistent","workers":3,"slicers":1,"operations":[{"_op":"data_generator","size":10},{"_op":"noop"}]}
            """);
        var deleted = await Scenarios.DeletedAsync(node, "txt-jobs-deleted");
        var job = await node.Api.GetObjectAsync($"/v1/jobs/{stored}");

        var table = Table.Parse("/txt/jobs", (await node.Api.GetAsync("/txt/jobs?size=10000")).ShouldBeText());
        var row = Assert.Single(table.Rows, r => r["job_id"] == stored);
        Assert.Equal("txt-jobs", row["name"]);
        Assert.Equal("N/A", row["active"]); // never set
        Assert.Equal("persistent", row["lifecycle"]);
        Assert.Equal("1", row["slicers"]);
        Assert.Equal("3", row["workers"]);
        Assert.Equal(Json.Str(job, "_created"), row["_created"]);
        Assert.DoesNotContain(table.Rows, r => r["job_id"] == deleted);

        var withDeleted = Table.Parse("/txt/jobs?deleted=true", (await node.Api.GetAsync("/txt/jobs?deleted=true&size=10000")).ShouldBeText());
        var deletedRow = Assert.Single(withDeleted.Rows, r => r["job_id"] == deleted);
        Assert.Equal("false", deletedRow["active"]);
        Assert.NotEqual("N/A", deletedRow["_deleted_on"]);

        var bare = Table.BareRows((await node.Api.GetAsync("/txt/jobs?fields=job_id,name&headers=false&size=1&sort=_created:desc")).ShouldBeText());
        Assert.Equal([[stored, "txt-jobs"]], bare); // the newest job not deleted
    });

    [Fact]
    public Task Ex_table_should_list_executions_and_honour_status() => OnNode(async node =>
    {
        var (_, completed) = await Scenarios.CompletedAsync(node, "txt-ex-completed");
        var (jobId, running) = await Scenarios.RunningAsync(node, Jobs.Persistent("txt-ex-running"));

        var table = Table.Parse("/txt/ex", (await node.Api.GetAsync("/txt/ex?size=10000")).ShouldBeText());
        var row = Assert.Single(table.Rows, r => r["ex_id"] == running);
        Assert.Equal("txt-ex-running", row["name"]);
        Assert.Equal("running", row["_status"]);
        Assert.Equal(jobId, row["job_id"]);
        Assert.Equal("2", row["workers"]);
        Assert.Equal("completed", Assert.Single(table.Rows, r => r["ex_id"] == completed)["_status"]);

        var onlyRunning = Table.Parse("/txt/ex?status=running", (await node.Api.GetAsync("/txt/ex?status=running&fields=ex_id,_status")).ShouldBeText());
        Assert.Equal(["ex_id", "_status"], onlyRunning.Header);
        Assert.Contains(onlyRunning.Rows, r => r["ex_id"] == running);
        Assert.All(onlyRunning.Rows, r => Assert.Equal("running", r["_status"]));
    });

    [Fact]
    public Task Controllers_table_should_list_living_executions_and_only_the_header_when_idle() => OnNode(async node =>
    {
        foreach (var path in (string[])["/txt/controllers", "/txt/slicers"])
        {
            var idle = (await node.Api.GetAsync(path)).ShouldBeText();
            Assert.True(Table.Parse(path, idle).Rows.Count == 0, $"{path} of an idle node should be its header alone:\n{idle}");
            Assert.Equal("", (await node.Api.GetAsync(path + "?headers=false")).ShouldBeText());
        }

        var (jobId, _) = await Scenarios.RunningAsync(node, Jobs.Persistent("txt-controllers"));
        foreach (var path in (string[])["/txt/controllers", "/txt/slicers"])
        {
            var row = Assert.Single(Table.Parse(path, (await node.Api.GetAsync(path)).ShouldBeText()).Rows);
            Assert.Equal("txt-controllers", row["name"]);
            Assert.Equal(jobId, row["job_id"]);
            Assert.Equal("0", row["failed"]);
            Assert.Matches(@"^\d+$", row["processed"]);
        }
        var bare = Table.BareRows((await node.Api.GetAsync("/txt/controllers?fields=job_id&headers=false")).ShouldBeText());
        Assert.Equal([[jobId]], bare);
    });

    [Theory]
    [InlineData("/txt/workers?headers=maybe", "headers query option must be true or false; got \"maybe\"")]
    [InlineData("/txt/nodes?size=x", "size query option must be an integer from 0 to 10000; got \"x\"")]
    [InlineData("/txt/jobs?deleted=maybe", "deleted query option must be true or false; got \"maybe\"")]
    [InlineData("/txt/ex?status=bogus", "status query option has an unknown status \"bogus\"; allowed: pending, scheduling, initializing, recovering, running, failing, paused, stopping, completed, stopped, rejected, failed, terminated")]
    [InlineData("/txt/controllers?from=-1", "from query option must be an integer >= 0; got \"-1\"")]
    public Task Tables_should_refuse_bad_options_with_the_json_envelope(string path, string message) => OnNode(async node =>
        (await node.Api.GetAsync(path)).ShouldBeError(HttpStatusCode.BadRequest, message));

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);

    /// <summary>A /txt table: its header and its rows by column (column spans from the line of dashes).</summary>
    private sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
    {
        public static Table Parse(string path, string text)
        {
            var lines = text.Split('\n');
            Assert.True(lines.Length >= 3 && lines[^1] == "", $"{path}: a table is a header, a line of dashes and rows, each ending in \\n:\n{text}");
            var dashes = DashRuns().Matches(lines[1]).ToList();
            Assert.True(dashes.Count > 0 && lines[1].Trim('-', ' ').Length == 0, $"{path}: the second line should be dashes:\n{text}");
            string Cell(string line, Match span) =>
                span.Index >= line.Length ? "" : line.Substring(span.Index, Math.Min(span.Length, line.Length - span.Index)).Trim();
            var header = dashes.Select(d => Cell(lines[0], d)).ToList();
            var rows = lines[2..^1]
                .Select(line => (IReadOnlyDictionary<string, string>)header.Zip(dashes, (column, span) => (column, Cell(line, span)))
                    .ToDictionary(c => c.column, c => c.Item2))
                .ToList();
            return new Table(header, rows);
        }

        /// <summary>The rows of a table printed with headers=false (cells separated by two spaces or more).</summary>
        public static List<string[]> BareRows(string text)
        {
            Assert.True(text.Length == 0 || text.EndsWith('\n'), $"each row should end in \\n:\n{text}");
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => CellGap().Split(l.TrimEnd())).ToList();
        }
    }

    [GeneratedRegex("-+")]
    private static partial Regex DashRuns();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex CellGap();
}
