using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

public sealed class CsvSpecs
{
    private static (CsvLineResult Result, List<(string, bool)> Fields) Parse(string line, string delimiter = ",", CsvOptions? options = null)
    {
        var parser = new CsvLineParser(delimiter, options ?? CsvOptions.Default);
        var result = parser.Parse(line);
        return (result, [.. parser.Fields]);
    }

    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"a,1\",b", new[] { "a,1", "b" })]
    [InlineData("\"say \"\"hi\"\"\",x", new[] { "say \"hi\"", "x" })]
    [InlineData(" padded , \" kept \" ", new[] { "padded", " kept " })]
    [InlineData("a,,c,", new[] { "a", "", "c", "" })]
    [InlineData("\"\"", new[] { "" })]
    [InlineData("un\"quoted\"mid,x", new[] { "un\"quoted\"mid", "x" })]
    public void Lines_should_split_into_fields_as_RFC_4180_says(string line, string[] expected)
    {
        var (result, fields) = Parse(line);
        Assert.Equal(CsvLineResult.Ok, result);
        Assert.Equal(expected, fields.Select(f => f.Item1));
    }

    [Fact]
    public void Multi_character_and_tab_delimiters_should_split_fields()
    {
        Assert.Equal(["a", "b;c", "d"], Parse("a;;\"b;c\";;d", ";;").Fields.Select(f => f.Item1));
        Assert.Equal(["a b", "", "c"], Parse("a b\t\tc", "\t").Fields.Select(f => f.Item1));
    }

    [Fact]
    public void A_quote_left_open_or_text_after_a_closing_quote_should_be_reported()
    {
        Assert.Equal(CsvLineResult.Unterminated, Parse("a,\"open").Result);
        Assert.Equal(CsvLineResult.Invalid, Parse("\"closed\"junk,b").Result);
    }

    [Fact]
    public void Quote_off_and_trim_false_should_keep_the_text_as_is()
    {
        var options = new CsvOptions(null, false, false);
        Assert.Equal(["\"a\"", " b "], Parse("\"a\", b ", options: options).Fields.Select(f => f.Item1));
    }

    [Fact]
    public async Task Csv_rows_should_become_records_named_by_fields_with_header_and_empty_values_handled()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["a.csv"], "name,age,city\nchilly,33,\"Rome, IT\"\nwilly,,Oslo,extra\n");

        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{folder.Json}},"format":"csv","fields":["name","age","city"]}""");

        Assert.Equal(
            ["""{"name":"chilly","age":"33","city":"Rome, IT"}""", """{"name":"willy","city":"Oslo","field4":"extra"}"""],
            records.Select(DataEntityJson.Serialize));
    }

    [Fact]
    public async Task Remove_header_false_ignore_empty_false_and_check_type_should_be_honoured()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["a.tsv"], "name\tage\tok\nchilly\t33\ttrue\nwilly\t\tfalse\n");

        var records = await FileJobs.ReadAll($$$"""{"_op":"file_reader","path":{{{folder.Json}}},"format":"tsv","fields":["name","age","ok"],"remove_header":false,"ignore_empty":false,"extra_args":{"checkType":true}}""");

        Assert.Equal(
            ["""{"name":"name","age":"age","ok":"ok"}""", """{"name":"chilly","age":33,"ok":true}""", """{"name":"willy","age":"","ok":false}"""],
            records.Select(DataEntityJson.Serialize));
    }

    [Fact]
    public async Task Custom_field_and_line_delimiters_should_be_read()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["a.csv"], "a|\"b|c\"\r\nd|e\r\n");

        var records = await FileJobs.ReadAll($$"""{"_op":"file_reader","path":{{folder.Json}},"format":"csv","fields":["x","y"],"field_delimiter":"|","line_delimiter":"\r\n","size":5}""");

        Assert.Equal(["""{"x":"a","y":"b|c"}""", """{"x":"d","y":"e"}"""], records.Select(DataEntityJson.Serialize));
    }

    [Fact]
    public async Task File_exporter_should_write_csv_as_json2csv_does()
    {
        using var folder = new TempFolder();
        var slices = new List<List<DataEntity>>
        {
            new() { new DataEntity { ["name"] = "chilly", ["age"] = 33L }, new DataEntity { ["name"] = "say \"hi\"", ["age"] = null, ["tags"] = new List<object?> { "a" } } },
            new() { new DataEntity { ["name"] = "willy", ["age"] = 31L, ["ok"] = true } },
        };

        await FileJobs.WriteAll(slices, $$"""{"_op":"file_exporter","path":{{folder.Json}},"format":"csv","include_header":true}""");

        // columns: every field of the slice in order of appearance; the header once per file
        Assert.Equal(
            "\"name\",\"age\",\"tags\"\n\"chilly\",33,\n\"say \"\"hi\"\"\",,\"[\"\"a\"\"]\"\n\"willy\",31,true\n",
            File.ReadAllText(folder["node-a__1.csv"]));
    }

    [Fact]
    public async Task File_exporter_should_write_the_header_to_every_file_per_slice_and_use_tabs_for_tsv()
    {
        using var folder = new TempFolder();
        var slices = new List<List<DataEntity>> { new() { new DataEntity { ["a"] = "x", ["b"] = 1L } }, new() { new DataEntity { ["a"] = "y", ["b"] = 2L } } };

        await FileJobs.WriteAll(slices, $$"""{"_op":"file_exporter","path":{{folder.Json}},"format":"tsv","include_header":true,"file_per_slice":true,"fields":["b","a"]}""");

        Assert.Equal("\"b\"\t\"a\"\n1\t\"x\"\n", File.ReadAllText(folder["node-a__1.0.tsv"]));
        Assert.Equal("\"b\"\t\"a\"\n2\t\"y\"\n", File.ReadAllText(folder["node-a__1.1.tsv"]));
    }
}
