using System.Net;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// The errors every route gives whatever the cluster holds: unknown ids (404), a job without an
/// execution (404), bad options (400, before any lookup), unknown routes (405). Each route at both
/// mounts (<c>/X</c> and <c>/v1/X</c>) where it has two.
/// </summary>
public sealed class RouteErrorSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private const string Unknown = "00000000-0000-4000-8000-000000000000";

    // {0} is the unknown id
    private static readonly (string Method, string Path, string Message)[] UnknownIdRoutes =
    [
        ("GET", "/jobs/{0}", "Job {0} was not found"),
        ("PUT", "/jobs/{0}", "Job {0} was not found"),
        ("DELETE", "/jobs/{0}", "Job {0} was not found"),
        ("GET", "/jobs/{0}/ex", "No execution was found for job {0}"),
        ("POST", "/jobs/{0}/_start", "Job {0} was not found"),
        ("POST", "/jobs/{0}/_stop", "No execution was found for job {0}"),
        ("POST", "/jobs/{0}/_stop?blocking=false", "No execution was found for job {0}"),
        ("POST", "/jobs/{0}/_pause", "No execution was found for job {0}"),
        ("POST", "/jobs/{0}/_resume", "No execution was found for job {0}"),
        ("POST", "/jobs/{0}/_recover", "Job {0} was not found"),
        ("POST", "/jobs/{0}/_workers?add=1", "No execution was found for job {0}"),
        ("POST", "/jobs/{0}/_active", "Job {0} was not found"),
        ("POST", "/jobs/{0}/_inactive", "Job {0} was not found"),
        ("GET", "/jobs/{0}/controller", "No execution was found for job {0}"),
        ("GET", "/jobs/{0}/slicer", "No execution was found for job {0}"),
        ("GET", "/jobs/{0}/errors", "No execution was found for job {0}"),
        ("GET", "/ex/{0}", "Execution {0} was not found"),
        ("POST", "/ex/{0}/_stop", "Execution {0} was not found"),
        ("POST", "/ex/{0}/_pause", "Execution {0} was not found"),
        ("POST", "/ex/{0}/_resume", "Execution {0} was not found"),
        ("POST", "/ex/{0}/_recover", "Execution {0} was not found"),
        ("POST", "/ex/{0}/_recover?cleanup_type=pending", "Execution {0} was not found"),
        ("POST", "/ex/{0}/_workers?total=2", "Execution {0} was not found"),
        ("GET", "/ex/{0}/controller", "Could not find active slicer for ex_id: {0}"),
        ("GET", "/ex/{0}/slicer", "Could not find active slicer for ex_id: {0}"),
        ("GET", "/ex/{0}/errors", "Execution {0} was not found"),
    ];

    public static TheoryData<string, string, string> UnknownIds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var prefix in (string[])["/v1", ""])
            foreach (var (method, path, message) in UnknownIdRoutes)
                data.Add(method, prefix + string.Format(path, Unknown), string.Format(message, Unknown));
        return data;
    }

    [Theory]
    [MemberData(nameof(UnknownIds))]
    public Task Routes_should_answer_404_for_an_unknown_id(string method, string path, string message) => OnNode(async node =>
    {
        var body = method == "PUT" ? Jobs.Persistent("never-stored") : null;

        (await node.Api.SendAsync(new HttpMethod(method), path, body)).ShouldBeError(HttpStatusCode.NotFound, message);
    });

    public static TheoryData<string, string, string> RoutesOfAJobWithoutExecution => new()
    {
        { "GET", "/v1/jobs/{0}/ex", "No execution was found for job {0}" },
        { "POST", "/v1/jobs/{0}/_stop", "No execution was found for job {0}" },
        { "POST", "/v1/jobs/{0}/_pause", "No execution was found for job {0}" },
        { "POST", "/v1/jobs/{0}/_resume", "No execution was found for job {0}" },
        { "POST", "/v1/jobs/{0}/_workers?remove=1", "No execution was found for job {0}" },
        { "POST", "/v1/jobs/{0}/_recover", "Job {0} is missing an execution to recover from" },
        { "GET", "/v1/jobs/{0}/controller", "No execution was found for job {0}" },
        { "GET", "/v1/jobs/{0}/slicer", "No execution was found for job {0}" },
        { "GET", "/v1/jobs/{0}/errors", "No execution was found for job {0}" },
    };

    [Theory]
    [MemberData(nameof(RoutesOfAJobWithoutExecution))]
    public Task Execution_routes_of_a_job_never_started_should_be_404(string method, string path, string message) => OnNode(async node =>
    {
        var jobId = await node.Api.StoreAsync(Jobs.Persistent("never-started"));

        (await node.Api.SendAsync(new HttpMethod(method), string.Format(path, jobId)))
            .ShouldBeError(HttpStatusCode.NotFound, string.Format(message, jobId));
    });

    private const string WorkersMessage = "Must provide a valid worker parameter(add/remove/total) that is a number and greater than zero";
    private const string CleanupMessage = "cleanup_type must be empty or set to all, errors, pending";

    // {0} is the unknown id: options are checked before the id is looked up
    public static TheoryData<string, string> BadControlOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in (string[])["/v1/jobs/{0}", "/v1/ex/{0}"])
        {
            var r = string.Format(route, Unknown);
            data.Add($"{r}/_workers", WorkersMessage);
            data.Add($"{r}/_workers?add=", WorkersMessage);
            data.Add($"{r}/_workers?add=x", WorkersMessage);
            data.Add($"{r}/_workers?add=-1", WorkersMessage);
            data.Add($"{r}/_workers?add=1.5", WorkersMessage);
            data.Add($"{r}/_workers?add=1&remove=1", WorkersMessage);
            data.Add($"{r}/_workers?workers=2", WorkersMessage);
            data.Add($"{r}/_recover?cleanup_type=bogus", CleanupMessage);
            data.Add($"{r}/_recover?cleanup=none", CleanupMessage);
            data.Add($"{r}/_recover?cleanup_type=all&cleanup=errors", "cleanup_type and its alias cleanup must not differ; got \"all\" and \"errors\"");
            data.Add($"{r}/_stop?blocking=maybe", "blocking query option must be true or false; got \"maybe\"");
            data.Add($"{r}/_stop?force=yes", "force query option must be true or false; got \"yes\"");
            data.Add($"{r}/_stop?timeout=-5", "timeout query option must be an integer >= 0 (milliseconds); got \"-5\"");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadControlOptions))]
    public Task Control_routes_should_refuse_bad_options_with_400(string path, string message) => OnNode(async node =>
        (await node.Api.PostAsync(path)).ShouldBeError(HttpStatusCode.BadRequest, message));

    [Theory]
    [InlineData("GET", "/v1/txt/workers")]
    [InlineData("GET", "/v1/txt/jobs")]
    [InlineData("POST", "/v1/jobs/" + Unknown + "/_settings")]
    [InlineData("POST", "/v1/ex/" + Unknown + "/_start")]
    [InlineData("POST", "/v1/cluster/stats")]
    [InlineData("DELETE", "/v1/ex/" + Unknown)]
    [InlineData("HEAD", "/v1/jobs")]
    public Task Routes_that_do_not_exist_should_be_405(string method, string path) => OnNode(async node =>
    {
        var reply = await node.Api.SendAsync(new HttpMethod(method), path);

        if (method == "HEAD")
            Assert.True(reply.Status == HttpStatusCode.MethodNotAllowed, $"HEAD {path}: expected 405, got {(int)reply.Status}");
        else
            reply.ShouldBeError(HttpStatusCode.MethodNotAllowed, $"cannot {method} endpoint {path}");
    });

    private Task OnNode(Func<NodeProcess, Task> body) => LeavingIdle(shared, body);
}
