using System.Text.Json.Nodes;
using Xunit;

namespace Teraslice.Akka.Protocol.Tests;

/// <summary>The garbage collection's report as the REST API writes it, and the record fields it marks.</summary>
public sealed class GcReportSpecs
{
    [Fact]
    public void A_report_should_round_trip_through_its_json_with_snake_case_fields()
    {
        var report = new GcReport(TimeSpan.FromDays(7), new DateTimeOffset(2024, 6, 1, 12, 0, 0, 123, TimeSpan.Zero), 2, 1_000, 3, 40, 65_536,
            TimeSpan.FromMilliseconds(1_234));

        var json = report.ToJson();

        Assert.Equal(
            """{"retention_ms":604800000,"before":"2024-06-01T12:00:00.123Z","executions_collected":2,"journal_rows_deleted":1000,"snapshot_rows_deleted":3,"events_deleted":40,"bytes_freed":65536,"took_ms":1234}""",
            json.ToJsonString());
        Assert.Equal(report, GcReport.FromJson(json));
        Assert.Null(GcReport.FromJson(JsonNode.Parse(json.ToJsonString().Replace("65536", "null"))!.AsObject()).BytesFreed);
        Assert.Throws<FormatException>(() => GcReport.FromJson(new JsonObject { ["retention_ms"] = 1 }));
    }

    [Fact]
    public void An_execution_record_should_type_when_it_changed_and_when_it_was_collected()
    {
        var ex = ExecutionRecord.Parse("""{"ex_id":"ex-1","job_id":"job-1","_updated":"2024-06-01T12:00:00.123Z","_gc_on":"2024-06-08T00:00:00.000Z"}""");

        Assert.Equal(new DateTime(2024, 6, 1, 12, 0, 0, 123, DateTimeKind.Utc), ex.Updated);
        Assert.Equal(DateTimeKind.Utc, ex.Updated!.Value.Kind);
        Assert.Equal(new DateTime(2024, 6, 8, 0, 0, 0, DateTimeKind.Utc), ex.GcOn);
        Assert.Null(ExecutionRecord.Parse("""{"ex_id":"ex-1","job_id":"job-1","_updated":"soon"}""").Updated);
        Assert.Null(ExecutionRecord.Parse("""{"ex_id":"ex-1","job_id":"job-1"}""").GcOn);
    }
}
