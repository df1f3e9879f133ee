using Teraslice.Akka.Operations;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class FieldOperationSpecs
{
    private static string Json(DataEntity record) => DataEntityJson.Serialize(record);

    [Fact]
    public async Task Drop_field_should_remove_a_top_level_field_and_ignore_records_without_it()
    {
        var output = await ProcessAsync("""{"_op":"drop_field","field":"b"}""", R("""{"a":1,"b":2,"c":3}"""), R("""{"a":1}"""), R("""{"b":{"x":1},"b.x":2}"""));
        Assert.Equal(["""{"a":1,"c":3}""", """{"a":1}""", """{"b.x":2}"""], output.Select(Json));
        // as upstream, a dotted name is a literal key
        var nested = await ProcessAsync("""{"_op":"drop_field","field":"b.x"}""", R("""{"b":{"x":1}}"""));
        Assert.Equal("""{"b":{"x":1}}""", Json(nested[0]));
    }

    [Fact]
    public async Task Copy_field_should_copy_values_including_nested_ones_and_skip_null_sources()
    {
        var output = await ProcessAsync("""{"_op":"copy_field","source":"name","destination":"name_again"}""",
            R("""{"name":"lilly","n":1}"""), R("""{"name":null}"""), R("""{"other":1}"""));
        Assert.Equal(["""{"name":"lilly","n":1,"name_again":"lilly"}""", """{"name":null}""", """{"other":1}"""], output.Select(Json));

        var nested = await ProcessAsync("""{"_op":"copy_field","source":"user.name","destination":"copy.of.name"}""", R("""{"user":{"name":"amy"}}"""));
        Assert.Equal("""{"user":{"name":"amy"},"copy":{"of":{"name":"amy"}}}""", Json(nested[0]));
    }

    [Fact]
    public async Task Copy_field_with_delete_source_should_move_the_value()
    {
        var output = await ProcessAsync("""{"_op":"copy_field","source":"a","destination":"b","delete_source":true}""", R("""{"a":1,"c":2}"""));
        Assert.Equal("""{"c":2,"b":1}""", Json(output[0]));
        var nested = await ProcessAsync("""{"_op":"copy_field","source":"u.a","destination":"b","delete_source":true}""", R("""{"u":{"a":1,"z":0}}"""));
        Assert.Equal("""{"u":{"z":0},"b":1}""", Json(nested[0]));
    }

    [Theory]
    [InlineData("""{"_op":"drop_field"}""", "drop_field - field: is required")]
    [InlineData("""{"_op":"copy_field","destination":"b"}""", "copy_field - source: is required")]
    [InlineData("""{"_op":"copy_field","source":"a"}""", "copy_field - destination: is required")]
    [InlineData("""{"_op":"copy_field","source":"a","destination":"b","delete_source":1}""", "copy_field - delete_source: must be a boolean")]
    [InlineData("""{"_op":"set_key","field":""}""", "set_key - field: must be a non-empty string")]
    public void Field_operations_should_refuse_bad_options_naming_the_field(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));

    [Fact]
    public void Copy_field_should_default_delete_source_to_false() =>
        Assert.False((bool)ValidatedOp("""{"_op":"copy_field","source":"a","destination":"b"}""")["delete_source"]!);

    [Fact]
    public async Task Remove_empty_fields_should_remove_null_blank_and_empty_values_only()
    {
        var output = await ProcessAsync("""{"_op":"remove_empty_fields"}""",
            R("""{"a":null,"b":"  ","c":"","d":[],"e":{},"f":0,"g":false,"h":"x","i":[0],"j":{"k":null}}"""), R("{}"));
        Assert.Equal(["""{"f":0,"g":false,"h":"x","i":[0],"j":{"k":null}}""", "{}"], output.Select(Json));
    }

    [Fact]
    public async Task Set_key_should_set_the_key_metadata_from_a_field()
    {
        var output = await ProcessAsync("""{"_op":"set_key","field":"id"}""", R("""{"id":"a1"}"""), R("""{"id":7}"""), R("""{"x":1}""", key: "old"));
        Assert.Equal(["a1", 7L, null], output.Select(r => r.Key));
        Assert.Equal("_key", (string?)ValidatedOp("""{"_op":"set_key"}""")["field"]);
        var byDefault = await ProcessAsync("""{"_op":"set_key"}""", R("""{"_key":"k"}"""));
        Assert.Equal("k", byDefault[0].Key);
    }

    [Fact]
    public async Task Set_field_should_not_overwrite_by_default_as_upstream()
    {
        Assert.False((bool)ValidatedOp("""{"_op":"set_field","field":"a","value":1}""")["overwrite"]!);
        var output = await ProcessAsync("""{"_op":"set_field","field":"a","value":5}""", R("""{"a":1}"""), R("""{"a":null}"""), R("""{"b":1}"""));
        Assert.Equal([1L, null, 5L], Values(output, "a"));
        var overwritten = await ProcessAsync("""{"_op":"set_field","field":"a","value":5,"overwrite":true}""", R("""{"a":1}"""));
        Assert.Equal(5L, overwritten[0]["a"]);
    }

    [Fact]
    public async Task Set_field_should_set_nested_paths_and_any_json_value()
    {
        var output = await ProcessAsync("""{"_op":"set_field","field":"meta.tags","value":["x",{"y":1}]}""", R("""{"meta":{"a":1}}"""), R("""{"meta":{"tags":[]}}"""), R("{}"));
        Assert.Equal(["""{"meta":{"a":1,"tags":["x",{"y":1}]}}""", """{"meta":{"tags":[]}}""", """{"meta":{"tags":["x",{"y":1}]}}"""], output.Select(Json));
    }

    [Theory]
    [InlineData("""{"_op":"set_field","value":1}""", "set_field - field: is required")]
    [InlineData("""{"_op":"set_field","field":"a"}""", "set_field - value: is required and cannot be null, got nothing")]
    [InlineData("""{"_op":"set_field","field":"a","value":null}""", "set_field - value: is required and cannot be null, got null")]
    public void Set_field_should_require_a_field_and_a_value(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));
}
