using Teraslice.Akka.Operations;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

public sealed class FilterSpecs
{
    // upstream's documentation data
    private static DataEntity[] People() =>
    [
        R("""{"ip":"28.127.246.12","name":"francis"}""", key: 0L),
        R("""{"ip":"28.127.246.232","name":"joseph"}""", key: 1L),
        R("""{"ip":"28.127.246.244","name":"Johnson"}""", key: 2L),
        R("""{"ip":"4.17.23.6","name":"bob"}""", key: 3L),
        R("""{"ip":"4.17.14.18","name":"greg"}""", key: 4L),
    ];

    private static async Task<List<object?>> Keys(string op, params DataEntity[] records) =>
        (await ProcessAsync(op, records.Length == 0 ? People() : records)).Select(r => r.Key).ToList();

    [Fact]
    public async Task Filter_should_drop_matching_records_and_keep_only_them_when_inverted()
    {
        Assert.Equal([0L, 1L, 2L, 4L], await Keys("""{"_op":"filter","field":"name","value":"bob"}"""));
        Assert.Equal([3L], await Keys("""{"_op":"filter","field":"name","value":"bob","invert":true}"""));
    }

    [Fact]
    public async Task Filter_should_match_any_of_an_array_of_values_with_strict_equality()
    {
        Assert.Equal([0L, 2L, 4L], await Keys("""{"_op":"filter","field":"name","value":["bob","joseph"]}"""));
        var numbers = new[] { R("""{"n":1}""", 1L), R("""{"n":1.0}""", 2L), R("""{"n":"1"}""", 3L) };
        Assert.Equal([3L], await Keys("""{"_op":"filter","field":"n","value":1}""", numbers));
    }

    [Fact]
    public async Task Filter_should_match_a_regex_with_flags()
    {
        Assert.Equal([0L, 3L, 4L], await Keys("""{"_op":"filter","field":"name","value":"/^jo.*/i","filter_by":"regex"}"""));
        Assert.Equal([0L, 2L, 3L, 4L], await Keys("""{"_op":"filter","field":"name","value":"/^jo.*/","filter_by":"regex"}"""));
        Assert.Equal([0L, 4L], await Keys("""{"_op":"filter","field":"name","value":["/^jo/i","/^b/"],"filter_by":"regex"}"""));
    }

    [Fact]
    public async Task Filter_should_match_ip_ranges()
    {
        Assert.Equal([1L, 2L, 3L, 4L], await Keys("""{"_op":"filter","field":"ip","value":"28.127.246.0/26","filter_by":"ip_range"}"""));
        Assert.Equal([3L, 4L], await Keys("""{"_op":"filter","field":"ip","value":["4.17.0.0/16","10.0.0.0/8"],"filter_by":"ip_range","invert":true}"""));
        var v6 = new[] { R("""{"ip":"2001:db8::1"}""", 1L), R("""{"ip":"2001:db9::1"}""", 2L), R("""{"ip":"not an ip"}""", 3L) };
        Assert.Equal([2L, 3L], await Keys("""{"_op":"filter","field":"ip","value":"2001:db8::/32","filter_by":"ip_range"}""", v6));
    }

    [Fact]
    public async Task Filter_should_reach_nested_fields_and_test_each_element_of_an_array_field()
    {
        var records = new[]
        {
            R("""{"user":{"name":"bob"},"tags":["a","b"]}""", 1L),
            R("""{"user":{"name":"amy"},"tags":["c"]}""", 2L),
            R("""{"other":1}""", 3L),
        };
        Assert.Equal([2L, 3L], await Keys("""{"_op":"filter","field":"user.name","value":"bob"}""", records));
        Assert.Equal([2L, 3L], await Keys("""{"_op":"filter","field":"tags","value":"b"}""", records));
        Assert.Equal([1L, 2L, 3L], await Keys("""{"_op":"filter","field":"tags","value":"b","array_index":0}""", records));
        Assert.Equal([2L, 3L], await Keys("""{"_op":"filter","field":"tags","value":"b","array_index":1}""", records));
    }

    [Fact]
    public async Task Filter_should_test_several_fields_matching_when_any_does()
    {
        var records = new[] { R("""{"a":"x","b":"y"}""", 1L), R("""{"a":"y","b":"x"}""", 2L), R("""{"a":"z","b":"z"}""", 3L) };
        Assert.Equal([3L], await Keys("""{"_op":"filter","field":["a","b"],"value":"x"}""", records));
        Assert.Equal("""["a","b"]""", ValidatedOp("""{"_op":"filter","field":["a","b"],"value":"x"}""")["field"]!.ToJsonString());
        Assert.Equal("\"a\"", ValidatedOp("""{"_op":"filter","field":"a","value":"x"}""")["field"]!.ToJsonString());
    }

    [Fact]
    public async Task Filter_should_leave_records_without_the_field_unless_inverted()
    {
        var records = new[] { R("""{"name":"bob"}""", 1L), R("""{"other":"bob"}""", 2L), R("""{"name":null}""", 3L) };
        Assert.Equal([2L, 3L], await Keys("""{"_op":"filter","field":"name","value":"bob"}""", records));
        Assert.Equal([1L], await Keys("""{"_op":"filter","field":"name","value":"bob","invert":true}""", records));
        // an absent or null field matches no regex (upstream tests the texts "undefined" and "null")
        Assert.Equal([1L], await Keys("""{"_op":"filter","field":"name","value":"/.*/","filter_by":"regex","invert":true}""", records));
    }

    [Fact]
    public async Task Filter_should_drop_records_or_fields_bigger_than_size_bytes()
    {
        var records = new[] { R("""{"s":"abcd"}""", 1L), R("""{"s":"abcdef"}""", 2L), R("""{"s":"abcdefghij","n":5}""", 3L) };
        // "doc" is the whole record: 2 bytes per key and text character, 8 per number
        Assert.Equal([1L, 2L], await Keys("""{"_op":"filter","field":"doc","value":20,"filter_by":"size"}""", records));
        Assert.Equal([1L], await Keys("""{"_op":"filter","field":"s","value":8,"filter_by":"size"}""", records));
    }

    [Fact]
    public async Task Filter_should_run_a_named_validator_with_its_args()
    {
        var records = new[] { R("""{"v":"10.1.2.3"}""", 1L), R("""{"v":"192.168.0.1"}""", 2L), R("""{"v":"nope"}""", 3L), R("""{"v":7}""", 4L), R("""{"v":"12"}""", 5L) };
        Assert.Equal([3L, 4L, 5L], await Keys("""{"_op":"filter","field":"v","filter_by":"validator","validation_function":"isIP"}""", records));
        Assert.Equal([2L, 3L, 4L, 5L], await Keys("""{"_op":"filter","field":"v","filter_by":"validator","validation_function":"inIPRange","validation_function_args":{"cidr":"10.0.0.0/8"}}""", records));
        Assert.Equal([4L], await Keys("""{"_op":"filter","field":"v","filter_by":"validator","validation_function":"isNumber","invert":true}""", records));
    }

    [Fact]
    public async Task Filter_should_keep_records_matching_an_exception_rule()
    {
        var op = """{"_op":"filter","field":"name","value":["bob","greg","joseph"],"exception_rules":[{"field":"ip","value":"4.17.23.6"},{"field":"name","value":"/^GR/i","regex":true}]}""";
        Assert.Equal([0L, 2L, 3L, 4L], await Keys(op));
    }

    [Fact]
    public async Task Filter_should_hand_filtered_records_to_the_dead_letter_action_when_asked()
    {
        Assert.Equal([0L, 1L, 2L, 4L], await Keys("""{"_op":"filter","field":"name","value":"bob","filtered_to_dead_letter_queue":true,"_dead_letter_action":"log"}"""));
        await using var run = await StartAsync("""{"_op":"filter","field":"name","value":"bob","filtered_to_dead_letter_queue":true}""");
        var (outcome, _) = await run.SliceAsync(People());
        Assert.False(outcome.Succeeded);
        Assert.Contains("Record was rejected", outcome.Error);
    }

    [Fact]
    public async Task Filter_should_pass_an_empty_slice()
    {
        Assert.Empty(await ProcessAsync("""{"_op":"filter","field":"name","value":"bob"}"""));
    }

    [Fact]
    public void Filter_should_default_to_match_not_inverted()
    {
        var op = ValidatedOp("""{"_op":"filter","field":"name","value":"bob"}""");
        Assert.Equal("match", (string?)op["filter_by"]);
        Assert.False((bool)op["invert"]!);
        Assert.Equal(-1, (int)op["array_index"]!);
        Assert.False((bool)op["filtered_to_dead_letter_queue"]!);
    }

    [Theory]
    [InlineData("""{"_op":"filter","value":"bob"}""", "filter - field: is required")]
    [InlineData("""{"_op":"filter","field":5}""", "filter - field: must be a string or an array of strings, got 5")]
    [InlineData("""{"_op":"filter","field":[]}""", "filter - field: must be an array of at least one non-empty string")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"fuzzy"}""", "filter - filter_by: must be one of: match, regex, ip_range, validator, size, got \"fuzzy\"")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"regex","value":"/[a/"}""", "filter - value: could not convert /[a/ to regex")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"regex","value":"/a/q"}""", "filter - value: could not convert /a/q to regex, invalid flag")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"ip_range","value":"10.0.0.0/33"}""", "filter - value: must be an IP range in CIDR notation")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"size","value":"big"}""", "filter - value: must be a number (bytes) for filter_by size")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"validator"}""", "filter - validation_function: is required for filter_by validator")]
    [InlineData("""{"_op":"filter","field":"a","filter_by":"validator","validation_function":"isMagic"}""", "filter - validation_function: \"isMagic\" is not a supported check")]
    [InlineData("""{"_op":"filter","field":"a","value":1,"exception_rules":[{"field":"b"}]}""", "filter - exception_rules[0].value: is required")]
    [InlineData("""{"_op":"filter","field":"a","value":1,"invert":"yes"}""", "filter - invert: must be a boolean")]
    public void Filter_should_refuse_bad_options_naming_the_field(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op));
}
