using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Teraslice.Akka.Master.Executions;
using Teraslice.Akka.Master.Queries;
using Teraslice.Akka.Protocol.Api;
using Teraslice.Akka.Protocol.Executions;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>The reads of stored records the API makes straight from the store.</summary>
public sealed class StoredRecordQueriesSpecs : CommandsFixture
{
    private StoredRecordQueries Queries => new(Store);

    [Fact]
    public async Task Unknown_ids_should_be_not_found_with_teraslices_messages()
    {
        await ShouldRejectAsync(new GetJob("nope", null), RejectionKind.NotFound, "Job nope was not found");
        await ShouldRejectAsync(new GetExecution("nope"), RejectionKind.NotFound, "Execution nope was not found");
        await ShouldRejectAsync(new GetLatestExecution("nope"), RejectionKind.NotFound, "No execution was found for job nope");
        await ShouldRejectAsync(new GetSliceErrors("nope", null, ListQuery.Default), RejectionKind.NotFound, "No execution was found for job nope");
        await ShouldRejectAsync(new GetSliceErrors(null, "nope", ListQuery.Default), RejectionKind.NotFound, "Execution nope was not found");
        await ShouldRejectAsync(new ListAssets("a", "not a range", ListQuery.Default), RejectionKind.BadRequest, "\"not a range\" is not a version or a semver range");
    }

    [Fact]
    public async Task A_job_with_ex_fields_should_carry_its_latest_executions_fields()
    {
        var jobId = await StoredJobAsync();
        var none = await AnswerAsync(new GetJob(jobId, ["_status"]));
        Assert.Equal(new JsonObject().ToJsonString(), none["ex"]!.ToJsonString());
        await ExecutionAsync(jobId, ExecutionStatus.Failed);
        var latest = await ExecutionAsync(jobId, ExecutionStatus.Running);

        var job = await AnswerAsync(new GetJob(jobId, ["_status", "ex_id"]));

        Assert.Equal($$"""{"_status":"running","ex_id":"{{latest.Str("ex_id")}}"}""", job["ex"]!.ToJsonString());
        var listed = JsonNode.Parse(Json(await Queries.AnswerAsync(new ListJobs(ListQuery.Default, null, ["_status"]))))!.AsArray();
        Assert.Equal("running", (string)Assert.Single(listed)!["ex"]!["_status"]!);
    }

    [Fact]
    public async Task Executions_should_list_by_status()
    {
        var jobId = await StoredJobAsync();
        await ExecutionAsync(jobId, ExecutionStatus.Failed);
        var running = await ExecutionAsync(jobId, ExecutionStatus.Running);

        var listed = JsonNode.Parse(Json(await Queries.AnswerAsync(new ListExecutions(ListQuery.Default, ["running"]))))!.AsArray();

        Assert.Equal(running.Str("ex_id"), (string)Assert.Single(listed)!["ex_id"]!);
    }

    private async Task<JsonObject> AnswerAsync(IRecordQuery query) => JsonNode.Parse(Json(await Queries.AnswerAsync(query)))!.AsObject();

    private static string Json(object reply) => Assert.IsType<JsonReply>(reply).Json;

    private async Task ShouldRejectAsync(IRecordQuery query, RejectionKind kind, string message) =>
        ShouldReject(new Decision.Answer(await Queries.AnswerAsync(query)), kind, message);
}
