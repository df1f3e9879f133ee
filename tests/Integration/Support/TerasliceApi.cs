using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>An HTTP answer of the node: status and body, with assertions that quote the body when they fail.</summary>
public sealed record ApiResponse(string Request, HttpStatusCode Status, string Body, string? ContentType = null)
{
    public JsonNode? Json => JsonNode.Parse(Body);

    /// <summary>Asserts 200 and returns the body as JSON.</summary>
    public JsonNode ShouldBeOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"{Request}: expected 200, got {(int)Status}: {Body}");
        return JsonNode.Parse(Body) ?? throw new Xunit.Sdk.XunitException($"{Request}: 200 with a null body");
    }

    /// <summary>Asserts 200 with a <c>text/plain</c> body (the /txt tables) and returns the text.</summary>
    public string ShouldBeText()
    {
        Assert.True(Status == HttpStatusCode.OK, $"{Request}: expected 200, got {(int)Status}: {Body}");
        Assert.True(ContentType?.StartsWith("text/plain", StringComparison.Ordinal) == true,
            $"{Request}: expected a text/plain body, got Content-Type '{ContentType}': {Body}");
        return Body;
    }

    /// <summary>Asserts the status, the envelope and the exact message.</summary>
    public void ShouldBeError(HttpStatusCode expected, string message) =>
        Assert.True(ShouldBeError(expected) == message, $"{Request}: expected the message \"{message}\": {Body}");

    /// <summary>Asserts the status and Teraslice's error envelope <c>{"error": status, "message": ...}</c>; returns the message.</summary>
    public string ShouldBeError(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"{Request}: expected {(int)expected}, got {(int)Status}: {Body}");
        JsonObject envelope;
        try
        {
            envelope = JsonNode.Parse(Body)?.AsObject() ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"{Request}: the error body is not a JSON object: {Body}");
        }
        Assert.True(envelope["error"] is JsonValue error && error.TryGetValue<int>(out var code) && code == (int)expected,
            $"{Request}: \"error\" should be {(int)expected}: {Body}");
        Assert.True(envelope["message"] is JsonValue message && message.TryGetValue<string>(out var text) && text.Length > 0,
            $"{Request}: \"message\" should be a non-empty string: {Body}");
        Assert.True(envelope.Count == 2, $"{Request}: the envelope should hold only error and message: {Body}");
        return (string)envelope["message"]!;
    }
}

/// <summary>The node's REST API as the tests use it.</summary>
public sealed class TerasliceApi(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request);
        return new ApiResponse($"{method} {path}", response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.ToString());
    }

    public Task<ApiResponse> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<ApiResponse> PostAsync(string path, string? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>POST /v1/jobs?start=false; returns the job id.</summary>
    public async Task<string> StoreAsync(string job)
    {
        var reply = (await PostAsync("/v1/jobs?start=false", job)).ShouldBeOk().AsObject();
        return Json.Str(reply, "job_id");
    }

    /// <summary>The <c>_status</c> of an execution now.</summary>
    public async Task<string> StatusAsync(string exId) => Json.Str(await GetObjectAsync($"/v1/ex/{exId}"), "_status");

    /// <summary>A blocking stop through the job route; asserts the answer is <c>{"status":"stopped"}</c>.</summary>
    public async Task StopAsync(string jobId)
    {
        var stopped = (await PostAsync($"/v1/jobs/{jobId}/_stop")).ShouldBeOk().AsObject();
        Assert.True(stopped.ToJsonString() == """{"status":"stopped"}""", $"a blocking stop of job {jobId} should answer stopped: {stopped.ToJsonString()}");
    }

    /// <summary>
    /// Stops (blocking) every execution that is still living, so that the next spec finds a shared
    /// node idle; returns the ids it had to stop.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopEverythingLivingAsync()
    {
        var living = await GetArrayAsync($"/v1/ex?size=10000&status={string.Join(',', ExecutionStatus.Living)}");
        var ids = living.OfType<JsonObject>().Select(e => Json.Str(e, "ex_id")).ToList();
        foreach (var exId in ids)
        {
            var reply = await PostAsync($"/v1/ex/{exId}/_stop");
            Assert.True(reply.Status == HttpStatusCode.OK, $"stopping leftover execution {exId}: {(int)reply.Status} {reply.Body}");
        }
        return ids;
    }

    /// <summary>The worker slots of an execution in <c>GET /v1/cluster/state</c> (active entries with assignment "worker").</summary>
    public async Task<int> WorkerCountAsync(string exId) => ClusterWorkers(await GetObjectAsync("/v1/cluster/state"), exId).Count;

    /// <summary>Polls <c>GET /v1/cluster/state</c> until the execution has exactly <paramref name="count"/> worker slots.</summary>
    public Task WaitForWorkerCountAsync(string exId, int count, TimeSpan timeout) =>
        Eventually.UntilAsync(
            () => GetAsync("/v1/cluster/state"),
            r => r.Status == HttpStatusCode.OK && ClusterWorkers(r.Json!.AsObject(), exId).Count == count,
            timeout,
            r => $"GET /v1/cluster/state did not show {count} worker(s) of {exId} within {timeout.TotalSeconds:0} s; last: "
                 + (r is null ? "none" : r.Status == HttpStatusCode.OK ? $"{ClusterWorkers(r.Json!.AsObject(), exId).Count} worker(s) in {r.Body}" : r.Body));

    public static List<JsonObject> ClusterWorkers(JsonObject clusterState, string exId) =>
        clusterState
            .SelectMany(n => n.Value?["active"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => a["assignment"]?.ToString() == "worker" && a["ex_id"]?.ToString() == exId)
            .ToList();

    public async Task<JsonObject> GetObjectAsync(string path) => (await GetAsync(path)).ShouldBeOk().AsObject();

    public async Task<JsonArray> GetArrayAsync(string path) => (await GetAsync(path)).ShouldBeOk().AsArray();

    /// <summary>POST /v1/jobs (started); asserts the answer carries both ids.</summary>
    public async Task<(string JobId, string ExId)> SubmitAsync(string job)
    {
        var reply = (await PostAsync("/v1/jobs", job)).ShouldBeOk().AsObject();
        return (Json.Str(reply, "job_id"), Json.Str(reply, "ex_id"));
    }

    /// <summary>
    /// Polls <c>GET /v1/ex/{exId}</c> until the execution is in <paramref name="status"/>; fails at
    /// once if it reaches another terminal status, and at the deadline with the last record seen.
    /// </summary>
    /// <param name="seen">Receives each distinct status observed, in order.</param>
    public async Task<JsonObject> WaitForStatusAsync(string exId, string status, TimeSpan timeout, List<string>? seen = null,
        TimeSpan? interval = null)
    {
        var last = await Eventually.UntilAsync(
            () => GetAsync($"/v1/ex/{exId}"),
            r =>
            {
                if (r.Status != HttpStatusCode.OK) return false;
                var current = Json.Str(r.Json!.AsObject(), "_status");
                if (seen is not null && (seen.Count == 0 || seen[^1] != current)) seen.Add(current);
                return current == status || ExecutionStatus.IsTerminal(current);
            },
            timeout,
            r => r is null
                ? $"execution {exId} never answered while waiting for '{status}'"
                : $"execution {exId} did not reach '{status}' within {timeout.TotalSeconds:0} s; last answer {(int)r.Status}: {Describe(r)}",
            interval);
        var ex = last.Json!.AsObject();
        var reached = Json.Str(ex, "_status");
        Assert.True(reached == status,
            $"execution {exId} ended '{reached}' while waiting for '{status}': _failureReason \"{ex["_failureReason"]}\", _slicer_stats {ex["_slicer_stats"]?.ToJsonString()}");
        return ex;
    }

    /// <summary>Polls the live counters of a job's execution (<c>GET /v1/jobs/{id}/controller</c>) until <paramref name="until"/> holds.</summary>
    public async Task<JsonObject> WaitForLiveStatsAsync(string jobId, Func<JsonObject, bool> until, string what, TimeSpan timeout)
    {
        var last = await Eventually.UntilAsync(
            () => GetAsync($"/v1/jobs/{jobId}/controller"),
            r => r.Status == HttpStatusCode.OK && r.Json is JsonArray { Count: 1 } items && until(items[0]!.AsObject()),
            timeout,
            r => $"the execution of job {jobId} did not reach \"{what}\" within {timeout.TotalSeconds:0} s; last answer: "
                 + (r is null ? "none" : $"{(int)r.Status} {r.Body}"));
        return last.Json!.AsArray()[0]!.AsObject();
    }

    public void Dispose() => http.Dispose();

    private static string Describe(ApiResponse r)
    {
        if (r.Status != HttpStatusCode.OK) return r.Body;
        var ex = r.Json!.AsObject();
        return $"_status '{ex["_status"]}', _slicer_stats {ex["_slicer_stats"]?.ToJsonString()}";
    }
}
