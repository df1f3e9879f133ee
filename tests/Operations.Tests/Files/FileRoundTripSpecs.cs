using System.Text;
using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class FileRoundTripSpecs
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var format in new[] { "ldjson", "json", "raw", "csv", "tsv" })
        {
            if (format != "json") data.Add(format, "none", false);
            foreach (var compression in new[] { "none", "gzip", "lz4" }) data.Add(format, compression, true);
        }
        return data;
    }

    private static List<List<DataEntity>> Slices(string format, bool filePerSlice) =>
        Enumerable.Range(0, 3).Select(s => Enumerable.Range(s * 50, 50).Select(i => Record(format, i, filePerSlice)).ToList()).ToList();

    private static DataEntity Record(string format, int i, bool filePerSlice) => format switch
    {
        "raw" => new DataEntity { ["data"] = $"line {i}: é€ \"quoted\", {{not json" },
        "csv" or "tsv" => new DataEntity
        {
            ["id"] = i.ToString(),
            ["name"] = $"user \"{i}\", the\tsecond",
            // RFC 4180 line breaks inside quotes are read back when whole files are read
            ["text"] = filePerSlice ? $"two\nlines {i}" : $"é€ {i}",
            ["padded"] = "  kept as written  ",
        },
        _ => new DataEntity
        {
            ["id"] = (long)i,
            ["name"] = $"user \"{i}\", ok",
            ["text"] = "line\nbreak é€ 😀",
            ["score"] = i * 1.25,
            ["ok"] = i % 2 == 0,
            ["none"] = null,
            ["tags"] = new List<object?> { "a", (long)i },
            ["nested"] = new DataEntity { ["x"] = (long)i, ["deep"] = new DataEntity { ["y"] = "z" } },
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Records_written_by_file_exporter_should_be_read_back_the_same_by_file_reader(string format, string compression, bool filePerSlice)
    {
        using var folder = new TempFolder();
        var slices = Slices(format, filePerSlice);
        var header = format is "csv" or "tsv" ? ""","include_header":true""" : "";
        var fields = format is "csv" or "tsv" ? ""","fields":["id","name","text","padded"]""" : "";

        await FileJobs.WriteAll(slices,
            $$"""{"_op":"file_exporter","path":{{folder.Json}},"format":"{{format}}","compression":"{{compression}}","file_per_slice":{{(filePerSlice ? "true" : "false")}}{{header}}}""");
        // byte ranges of 300 bytes cut lines when files are not read whole
        var records = await FileJobs.ReadAll(
            $$"""{"_op":"file_reader","path":{{folder.Json}},"size":300,"format":"{{format}}","compression":"{{compression}}","file_per_slice":{{(filePerSlice ? "true" : "false")}}{{fields}}}""");

        var expected = slices.SelectMany(s => s).ToList();
        var ext = (format == "raw" ? "" : "." + format) + (compression switch { "gzip" => ".gz", "lz4" => ".lz4", _ => "" });
        Assert.Equal(filePerSlice ? ["node-a__1.0" + ext, "node-a__1.1" + ext, "node-a__1.2" + ext] : ["node-a__1" + ext], folder.Files());
        Assert.Equal(expected.Count, records.Count);
        if (format == "raw")
        {
            Assert.Equal(expected.Select(r => r["data"]), records.Select(r => r["data"]));
            Assert.Equal(expected.Select(r => Encoding.UTF8.GetBytes((string)r["data"]!)), records.Select(r => r.RawData!));
        }
        else
        {
            Assert.Equal(expected.Select(DataEntityJson.Serialize), records.Select(DataEntityJson.Serialize));
        }
    }

    [Fact]
    public async Task Lz4_files_written_by_upstreams_lz4_library_should_be_read()
    {
        // upstream.ldjson.lz4 was written by lz4-asm (file-assets' lz4) from 200 lines {"id":i,"name":"user-i"}
        var fixture = Path.Combine(AppContext.BaseDirectory, "Files", "Fixtures", "upstream.ldjson.lz4");

        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{FileJobs.Json(fixture)}},"compression":"lz4","file_per_slice":true}""");

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $$"""{"id":{{i}},"name":"user-{{i}}"}"""), records.Select(DataEntityJson.Serialize));
    }

    [Fact]
    public async Task A_json_file_holding_one_object_should_be_one_record()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["one.json"], "  \n{\"a\": {\"b\": [1, 2]}}\n");

        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{folder.Json}},"format":"json"}""");

        Assert.Equal("""{"a":{"b":[1,2]}}""", DataEntityJson.Serialize(Assert.Single(records)));
    }

    [Fact]
    public async Task Exported_fields_should_be_only_those_listed_in_their_order()
    {
        using var folder = new TempFolder();
        var slices = new List<List<DataEntity>> { new() { new DataEntity { ["name"] = "chilly", ["age"] = 33L, ["x"] = 1L } } };

        await FileJobs.WriteAll(slices, $$"""{"_op":"file_exporter","path":{{folder.Json}},"fields":["age","name","missing"]}""");

        Assert.Equal("{\"age\":33,\"name\":\"chilly\"}\n", File.ReadAllText(folder["node-a__1.ldjson"]));
    }
}
