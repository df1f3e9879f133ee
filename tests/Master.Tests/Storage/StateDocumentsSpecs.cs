using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Storage;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Storage;

public sealed class StateDocumentsSpecs
{
    [Theory]
    [InlineData("2024-01-01T00:00:00.000Z")]
    [InlineData("2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T02:00:00.000+02:00")]
    [InlineData("2024-01-01T00:00:00.0000000Z")]
    public void JobColumnsOf_should_read_ISO_timestamps_as_UTC_milliseconds(string created)
    {
        var columns = StateDocuments.JobColumnsOf(Job(created));

        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), columns.Created);
    }

    [Theory]
    [InlineData("\"2024-01-01\"")]
    [InlineData("\"01/01/2024 00:00:00\"")]
    [InlineData("1704067200000")]
    [InlineData("null")]
    public void JobColumnsOf_should_reject_a_timestamp_that_is_not_ISO_8601(string created)
    {
        var job = Job("2024-01-01T00:00:00.000Z");
        job["_created"] = JsonNode.Parse(created);

        var error = Assert.Throws<ArgumentException>(() => StateDocuments.JobColumnsOf(job));

        Assert.Contains("_created", error.Message);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"false\"", true)]
    public void JobColumnsOf_should_count_only_false_as_inactive(string? active, bool expected)
    {
        var job = Job("2024-01-01T00:00:00.000Z");
        if (active is not null)
            job["active"] = JsonNode.Parse(active);

        Assert.Equal(expected, StateDocuments.JobColumnsOf(job).Active);
    }

    [Fact]
    public void ExecutionColumnsOf_should_follow_the_document()
    {
        var ex = new JsonObject
        {
            ["ex_id"] = "ex-1", ["job_id"] = "job-1", ["name"] = "n", ["_status"] = "running", ["_deleted"] = true,
            ["_created"] = "2024-01-01T00:00:00.001Z", ["_updated"] = "2024-01-01T00:00:00.002Z",
        };

        var columns = StateDocuments.ExecutionColumnsOf(ex);

        Assert.Equal(new ExecutionColumns("ex-1", "job-1", "n", "running", true, 1704067200001, 1704067200002), columns);
    }

    [Fact]
    public void ExecutionColumnsOf_should_require_a_job_id()
    {
        var ex = new JsonObject { ["ex_id"] = "ex-1", ["_created"] = "2024-01-01T00:00:00Z", ["_updated"] = "2024-01-01T00:00:00Z" };

        Assert.Throws<ArgumentException>(() => StateDocuments.ExecutionColumnsOf(ex));
    }

    [Fact]
    public void Merge_should_replace_in_place_and_append()
    {
        var stored = new JsonObject { ["a"] = 1, ["b"] = 2, ["c"] = 3 };

        var merged = StateDocuments.Merge(stored, new JsonObject { ["d"] = 4, ["b"] = null, ["a"] = "x" });

        Assert.Equal("""{"a":"x","b":null,"c":3,"d":4}""", merged.ToJsonString());
    }

    private static JsonObject Job(string created) => new()
    {
        ["job_id"] = "job-1", ["_created"] = created, ["_updated"] = "2024-01-01T00:00:00.000Z",
    };
}
