using System.Text.Json.Nodes;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Xunit;

namespace Teraslice.Akka.Operations.Tests;

public sealed class JobValidatorSpecs
{
    private readonly JobValidator _validator = new(BuiltinOperations.Registry, processorCount: 8);

    private static JsonObject Job(string json) => (JsonObject)JsonNode.Parse(json)!;

    private string Error(string json) => Assert.Throws<JobValidationException>(() => _validator.Validate(Job(json))).Message;

    [Fact]
    public void A_valid_job_should_get_Teraslice_defaults_and_keep_unknown_keys()
    {
        var ex = _validator.Validate(Job("""{"operations":[{"_op":"data_generator"},{"_op":"noop"}],"my_key":1}""")).ExConfig;
        Assert.Equal("Custom Job", (string?)ex["name"]);
        Assert.Equal("once", (string?)ex["lifecycle"]);
        Assert.Equal(5, (int?)ex["workers"]); // min(cores, 5)
        Assert.Equal(1, (int?)ex["slicers"]);
        Assert.Equal(3, (int?)ex["max_retries"]);
        Assert.Equal(300000, (long?)ex["probation_window"]);
        Assert.Equal(1, (int?)ex["my_key"]);
        Assert.Equal(5000, (long?)ex["operations"]![0]!["size"]);
        Assert.Equal("throw", (string?)ex["operations"]![1]!["_dead_letter_action"]);
    }

    [Fact]
    public void Submitted_fields_should_come_first_in_their_order()
    {
        var ex = _validator.Validate(Job("""{"workers":2,"name":"n","operations":[{"_op":"data_generator","size":10},{"_op":"noop"}]}""")).ExConfig;
        Assert.Equal(["workers", "name", "operations"], ex.Select(kv => kv.Key).Take(3));
    }

    [Fact]
    public void Durations_and_numbers_in_strings_should_be_accepted()
    {
        var ex = _validator.Validate(Job("""{"workers":"3","probation_window":"2 minutes","operations":[{"_op":"data_generator"},{"_op":"delay","ms":"1 second"}]}""")).ExConfig;
        Assert.Equal(3, (int?)ex["workers"]);
        Assert.Equal(120000, (long?)ex["probation_window"]);
    }

    [Theory]
    [InlineData("""{"workers":0,"operations":[{"_op":"data_generator"},{"_op":"noop"}]}""", "Validation failed for job config: Custom Job - workers: must be a positive integer, got 0")]
    [InlineData("""{"name":"j","slicers":-1,"operations":[{"_op":"data_generator"},{"_op":"noop"}]}""", "Validation failed for job config: j - slicers: must be a positive integer, got -1")]
    [InlineData("""{"lifecycle":"sometimes","operations":[{"_op":"data_generator"},{"_op":"noop"}]}""", "lifecycle: must be one of: once, persistent, got \"sometimes\"")]
    [InlineData("""{"workers":"many","operations":[{"_op":"data_generator"},{"_op":"noop"}]}""", "workers: must be an integer, got \"many\"")]
    [InlineData("""{"probation_window":"soon","operations":[{"_op":"data_generator"},{"_op":"noop"}]}""", "probation_window: must be a duration")]
    [InlineData("""{"operations":[{"_op":"data_generator"}]}""", "operations: must have at least two operations")]
    [InlineData("""{"operations":"no"}""", "operations: must be an array, got \"no\"")]
    [InlineData("""{"operations":[{"_op":"data_generator"},{"_op":"nope"}]}""", "Unable to find module for operation: nope")]
    [InlineData("""{"operations":[{"_op":"data_generator"},{"size":1}]}""", "operations[1]._op: is required")]
    [InlineData("""{"operations":[{"_op":"noop"},{"_op":"noop"}]}""", "Validation failed for operation config: noop - _op: the first operation must be a reader")]
    [InlineData("""{"operations":[{"_op":"data_generator"},{"_op":"data_generator"}]}""", "_op: only the first operation may be a reader")]
    [InlineData("""{"operations":[{"_op":"data_generator","size":-5},{"_op":"noop"}]}""", "Validation failed for operation config: data_generator - size: must be a positive integer, got -5")]
    [InlineData("""{"operations":[{"_op":"data_generator","size":"lots"},{"_op":"noop"}]}""", "data_generator - size: must be an integer, got \"lots\"")]
    [InlineData("""{"operations":[{"_op":"data_generator","set_id":"base99"},{"_op":"noop"}]}""", "data_generator - set_id:")]
    [InlineData("""{"operations":[{"_op":"data_generator","id_start_key":"a"},{"_op":"noop"}]}""", "data_generator - id_start_key: must be used with set_id")]
    [InlineData("""{"operations":[{"_op":"data_generator","json_schema":"x.json"},{"_op":"noop"}]}""", "json_schema: custom schemas are not supported")]
    [InlineData("""{"operations":[{"_op":"data_generator"},{"_op":"set_field"}]}""", "Validation failed for operation config: set_field - field: is required, got nothing")]
    [InlineData("""{"operations":[{"_op":"data_generator"},{"_op":"stdout","limit":-1}]}""", "stdout - limit: must be zero or a positive number, got -1")]
    [InlineData("""{"operations":[{"_op":"data_generator","_encoding":"xml"},{"_op":"noop"}]}""", "_encoding: must be one of: json, raw, got \"xml\"")]
    public void Bad_configs_should_be_rejected_with_a_message_naming_the_field(string json, string expected) =>
        Assert.Contains(expected, Error(json));
}
