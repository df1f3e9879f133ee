using System.Text.Json;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// The issue's acceptance for operations: file_reader (ldjson, 100,000 lines) → filter → set_field
/// → file_exporter on a real node writes exactly the expected lines.
/// </summary>
public sealed class FilePipelineSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private const int Lines = 100_000;

    [Fact]
    public Task A_file_job_should_write_exactly_the_filtered_and_updated_lines() => WithNodeLogsOnFailure(async () =>
    {
        var node = await StartNodeAsync();
        using var scratch = new ScratchDir("file-pipeline");
        var input = Path.Combine(scratch.Path, "in");
        var output = Path.Combine(scratch.Path, "out");
        Directory.CreateDirectory(input);
        await using (var writer = new StreamWriter(Path.Combine(input, "records.ldjson")))
        {
            for (var i = 0; i < Lines; i++)
                await writer.WriteAsync($$"""{"id":{{i}},"kind":"{{(i % 3 == 0 ? "drop" : "keep")}}","name":"n{{i}}"}""" + "\n");
        }

        var (_, exId) = await node.Api.SubmitAsync($$"""
            {"name":"file-pipeline","lifecycle":"once","workers":2,"operations":[
              {"_op":"file_reader","path":{{JsonSerializer.Serialize(input)}},"format":"ldjson","size":200000},
              {"_op":"filter","field":"kind","value":"drop"},
              {"_op":"set_field","field":"checked","value":true},
              {"_op":"file_exporter","path":{{JsonSerializer.Serialize(output)}},"format":"ldjson"}]}
            """);
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", Scenarios.Bounded);

        var written = Directory.GetFiles(output).SelectMany(File.ReadLines).Where(l => l.Length > 0).ToList();
        var expected = Enumerable.Range(0, Lines).Where(i => i % 3 != 0).ToHashSet();
        Assert.Equal(expected.Count, written.Count);
        var ids = new HashSet<int>();
        foreach (var line in written)
        {
            var record = (JsonObject)JsonNode.Parse(line)!;
            Assert.Equal("keep", (string?)record["kind"]);
            Assert.True((bool?)record["checked"], $"set_field did not set checked: {line}");
            Assert.True(ids.Add((int)record["id"]!), $"id {record["id"]} written twice");
        }
        Assert.True(expected.SetEquals(ids), "the written ids are not exactly the kept ones");
        Assert.Equal(Lines, Json.Long(Json.Stats(ex), "records_in"));
    });
}
