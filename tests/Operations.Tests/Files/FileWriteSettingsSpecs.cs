using System.Text.Json.Nodes;
using Teraslice.Akka.Operations.Files;
using Xunit;

namespace Teraslice.Akka.Operations.Tests.Files;

/// <summary>file_exporter and file_sender_api take the same write settings (one <see cref="FileWriteSettings"/>); these specs fail if they drift apart.</summary>
public sealed class FileWriteSettingsSpecs
{
    private static readonly string[] SettingNames =
        ["path", "format", "extension", "compression", "fields", "field_delimiter", "line_delimiter", "file_per_slice", "include_header", "concurrency"];

    private static (JsonObject? Settings, IReadOnlyList<string> Errors) Bind<T>(string key, string name, string settings) where T : class
    {
        var raw = (JsonObject)JsonNode.Parse(settings)!;
        raw[key] = name;
        var config = ConfigBinder.Bind<T>(raw, out var errors);
        if (config is null) return (null, errors);
        var ex = ConfigBinder.WithDefaults(raw, config);
        foreach (var own in ex.Select(kv => kv.Key).Where(k => k.StartsWith('_') || k == key).ToList()) ex.Remove(own);
        return (ex, errors);
    }

    private static (JsonObject? Settings, IReadOnlyList<string> Errors) Exporter(string settings) => Bind<FileExporterConfig>("_op", "file_exporter", settings);

    private static (JsonObject? Settings, IReadOnlyList<string> Errors) Api(string settings) => Bind<FileSenderApiConfig>("_name", "file_sender_api", settings);

    private static IEnumerable<string> Fields(Type config) =>
        ConfigBinder.FieldProperties(config).Select(ConfigBinder.JsonName).Where(n => !n.StartsWith('_'));

    [Fact]
    public void Both_should_take_the_same_settings_and_nothing_else()
    {
        Assert.Equal(SettingNames, Fields(typeof(FileExporterConfig)));
        Assert.Equal(SettingNames, Fields(typeof(FileSenderApiConfig)));
    }

    [Theory]
    [InlineData("""{"path":"/d"}""")]
    [InlineData("""{"path":"/d","format":"csv","extension":"txt","compression":"gzip","fields":["a"],"field_delimiter":";","line_delimiter":"\r\n","file_per_slice":true,"include_header":true,"concurrency":"3"}""")]
    public void Both_should_fill_in_the_same_values_and_defaults(string settings)
    {
        var exporter = Exporter(settings).Settings!;
        Assert.True(JsonNode.DeepEquals(exporter, Api(settings).Settings), exporter.ToJsonString());
        Assert.Equal("ldjson", (string?)Exporter("""{"path":"/d"}""").Settings!["format"]);
    }

    [Theory]
    [InlineData("""{"path":"/d","format":"xml","compression":"zip","concurrency":0}""")]
    [InlineData("""{"path":"/d","format":"json","compression":"gzip"}""")]
    [InlineData("""{"path":"/d","file_per_slice":"yes"}""")]
    [InlineData("""{"path":"/d","format":"tsv","field_delimiter":",","line_delimiter":"","fields":[""],"extension":"a/b"}""")]
    public void Both_should_refuse_bad_settings_alike(string settings)
    {
        var errors = Exporter(settings).Errors;
        Assert.NotEmpty(errors);
        Assert.Equal(errors, Api(settings).Errors);
    }
}
