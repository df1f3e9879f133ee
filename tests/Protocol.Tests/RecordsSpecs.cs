using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Teraslice.Akka.Protocol.Executions;
using Teraslice.Akka.Protocol.Serialization;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Protocol.Tests;

/// <summary>Typed records: the known fields typed, the document kept byte for byte, the JSON object itself on the wire.</summary>
public sealed class RecordsSpecs() : TestKit(SerializationSpecs.Config)
{
    // key order, spacing, escapes, number spellings and user fields as a user (or the store) wrote them
    private const string Ex = """{"name":"Größe \u2713","ex_id":"ex-1","job_id":"job-1","lifecycle":"persistent","workers": 3,"slicers":2,"probation_window":50,"autorecover":true,"_status":"failing","recovered_execution":"ex-0","recovered_slice_type":"errors","_slicer_stats":{"started":"2024-01-02T03:04:05.678Z"},"mine":{"n":1.50,"e":1E3}}""";

    [Fact]
    public void An_execution_record_should_type_its_known_fields()
    {
        var ex = ExecutionRecord.Parse(Ex);

        Assert.Equal(("ex-1", "job-1", "Größe ✓"), (ex.ExId, ex.JobId, ex.Name));
        Assert.Equal(ExecutionStatus.Failing, ex.Status);
        Assert.True(ex.IsPersistent);
        Assert.Equal((3, 2), (ex.Workers, ex.Slicers));
        Assert.Equal(TimeSpan.FromMilliseconds(100), ex.ProbationWindow); // at least 100 ms
        Assert.True(ex.Autorecover);
        Assert.Equal(("ex-0", "errors"), (ex.RecoveredExecution, ex.RecoveredSliceType));
        Assert.False(ex.Deleted);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), ex.Started);
    }

    [Fact]
    public void An_execution_record_should_default_what_it_does_not_say()
    {
        var ex = ExecutionRecord.Parse("""{"ex_id":"e","job_id":"j","slicers":0,"_status":"no-such-status","recovered_execution":""}""");

        Assert.Equal(ExecutionStatus.Pending, ex.Status);
        Assert.False(ex.IsPersistent);
        Assert.Equal((1, 1), (ex.Workers, ex.Slicers));
        Assert.Equal(TimeSpan.FromMinutes(5), ex.ProbationWindow);
        Assert.Null(ex.RecoveredExecution);
        Assert.Null(ex.Started);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"job_id":"j"}""", "an execution needs a non-empty string ex_id")]
    [InlineData("""{"ex_id":"e","job_id":""}""", "execution e needs a non-empty string job_id")]
    public void An_execution_record_should_refuse_what_is_not_one(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => ExecutionRecord.Parse(json));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_record_should_keep_its_document_byte_for_byte_and_compare_by_it()
    {
        var ex = ExecutionRecord.Parse(Ex);

        Assert.Equal(Ex, ex.Json);
        Assert.Equal(Ex, ex.ToString());
        Assert.Equal(ex, ExecutionRecord.Parse(Ex));
        Assert.NotEqual(ex, ExecutionRecord.Parse(Ex.Replace("\"workers\": 3", "\"workers\":3")));
        // each document is a new copy: changing one changes neither the record nor the next copy
        ex.ToDocument()["name"] = "changed";
        Assert.Equal("Größe ✓", (string?)ex.ToDocument()["name"]);
    }

    [Fact]
    public void A_record_from_a_document_should_be_written_as_the_store_writes_it()
    {
        var document = ExecutionRecord.Parse(Ex).ToDocument();

        var again = ExecutionRecord.From(document);

        Assert.Contains("\"Größe ✓\"", again.Json); // readable, not \u escapes
        Assert.Equal(document.ToJsonString(), again.ToDocument().ToJsonString());
    }

    [Fact]
    public void A_message_should_carry_the_record_as_its_json_object_and_bring_it_back_unchanged()
    {
        var message = new StartSlicer("ex-1", 1, ExecutionRecord.Parse(Ex), TestActor);
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);
        var back = (StartSlicer)Sys.Serialization.Deserialize(bytes, serializer.Identifier, ProtocolManifests.ByType[typeof(StartSlicer)]);

        using var wire = JsonDocument.Parse(bytes);
        Assert.Equal(JsonValueKind.Object, wire.RootElement.GetProperty("Execution").ValueKind);
        Assert.Contains(Ex, Encoding.UTF8.GetString(bytes));
        Assert.Equal(Ex, back.Execution.Json);
        Assert.Equal(ExecutionStatus.Failing, back.Execution.Status);
    }

    [Fact]
    public void A_job_record_should_type_its_known_fields()
    {
        var job = JobRecord.Parse("""{"name":"j","job_id":"job-1","active":false,"_deleted":true,"_created":"2024-01-02T03:04:05.678Z"}""");

        Assert.Equal(("job-1", "j", false, true, "2024-01-02T03:04:05.678Z"), (job.JobId, job.Name, job.Active, job.Deleted, job.Created));
        var plain = JobRecord.Parse("""{"job_id":"job-2"}""");
        Assert.Equal(("", true, false, (string?)null), (plain.Name, plain.Active, plain.Deleted, plain.Created));
        Assert.Throws<FormatException>(() => JobRecord.Parse("""{"name":"no id"}"""));
    }

    [Theory]
    [InlineData("""{"operations":[]}""", false, true, false, false)]
    [InlineData("""{"job_id":"x","operations":[]}""", true, true, false, false)]
    [InlineData("""{"operations":null}""", false, false, false, false)]
    [InlineData("""{}""", false, false, true, false)]
    [InlineData("""{"active":false}""", false, false, false, true)]
    [InlineData("""{"active":"false"}""", false, false, false, false)]
    public void A_job_spec_should_say_what_the_checks_at_the_edge_need(string json, bool hasJobId, bool hasOperations, bool isEmpty, bool deactivates)
    {
        var spec = JobSpec.Parse(json);

        Assert.Equal((hasJobId, hasOperations, isEmpty, deactivates), (spec.HasJobId, spec.HasOperations, spec.IsEmpty, spec.Deactivates));
        Assert.Equal(json, spec.Json);
    }
}
