using System.Text.Json.Nodes;
using Teraslice.Akka.Api.Text;

namespace Teraslice.Akka.Api.Tests;

/// <summary>The /txt renderer and cell values, without HTTP.</summary>
public sealed class TextTableSpecs
{
    private static readonly string[] Columns = ["a", "long_name"];
    private static readonly IReadOnlyList<string>[] Rows = [["xyz", "1"], ["", "22"]];

    [Fact]
    public void Render_should_pad_every_cell_to_its_column_and_dash_the_header()
    {
        var text = TextTable.Render(Columns, Rows, headers: true);

        Assert.Equal(Lines(
            "a    long_name",
            "---  ---------",
            "xyz  1        ",
            "     22       "), text);
    }

    [Fact]
    public void Render_without_headers_should_size_columns_from_the_rows_alone()
    {
        var text = TextTable.Render(Columns, Rows, headers: false);

        Assert.Equal(Lines(
            "xyz  1 ",
            "     22"), text);
    }

    [Fact]
    public void Render_of_no_rows_should_be_the_header_alone()
    {
        Assert.Equal(Lines("a  long_name", "-  ---------"), TextTable.Render(Columns, [], headers: true));
        Assert.Equal("", TextTable.Render(Columns, [], headers: false));
    }

    [Fact]
    public void Render_should_count_terminal_columns_not_chars()
    {
        // 日本 takes 4 columns; é as e + combining acute takes 1.
        var text = TextTable.Render(["name", "x"], [["日本", "e\u0301"], ["ab", "yy"]], headers: true);

        Assert.Equal(Lines(
            "name  x ",
            "----  --",
            "日本  e\u0301 ",
            "ab    yy"), text);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("日本語", 6)]
    [InlineData("ｆｕｌｌ", 8)]
    [InlineData("e\u0301", 1)]
    [InlineData("a\u200Bb", 2)]
    [InlineData("😀", 1)] // wcwidth's tables predate emoji widths
    [InlineData("한글", 4)]
    public void DisplayWidth_should_follow_wcwidth(string text, int width) =>
        Assert.Equal(width, TextTable.DisplayWidth(text));

    [Theory]
    [InlineData("name", "job one")]
    [InlineData("workers", "2")]
    [InlineData("ratio", "1.50")]
    [InlineData("active", "false")]
    [InlineData("assets", "a1,b2")]
    [InlineData("nested", "1,2,,x")]
    [InlineData("empty", "")]
    [InlineData("config", """{"k":"é <v>"}""")]
    [InlineData("_slicer_stats.processed", "5")]
    [InlineData("dotted.key", "literal")] // a field of that very name wins over the path
    [InlineData("assets.1", "b2")]
    [InlineData("assets.2", "N/A")]
    [InlineData("_slicer_stats.missing", "N/A")]
    [InlineData("name.length", "N/A")]
    [InlineData("nothing", "N/A")]
    [InlineData("nullish", "N/A")]
    [InlineData("Name", "N/A")] // field names are case-sensitive
    [InlineData("multiline", "one two  three")]
    public void Cell_should_print_values_as_upstream_does(string field, string expected)
    {
        var record = JsonNode.Parse("""
            {"name":"job one","workers":2,"ratio":1.50,"active":false,"assets":["a1","b2"],
             "nested":[[1,2],null,"x"],"empty":"","config":{"k":"é <v>"},"_slicer_stats":{"processed":5},
             "dotted.key":"literal","dotted":{"key":"path"},"nullish":null,"multiline":"one\ntwo\r\tthree"}
            """);

        Assert.Equal(expected, TextTables.Cell(record, field));
    }

    [Fact]
    public void Cell_of_a_record_that_is_not_an_object_should_be_missing()
    {
        Assert.Equal("N/A", TextTables.Cell(JsonNode.Parse("[1]"), "0"));
        Assert.Equal("N/A", TextTables.Cell(null, "name"));
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + "\n"));
}
