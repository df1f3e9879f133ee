using System.Text.Json.Nodes;
using Teraslice.Akka.Master.Commands;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Commands;

/// <summary>Two jobs compared in canonical form, and the first difference named.</summary>
public sealed class JobDifferenceSpecs
{
    private static string? Between(string stored, string submitted) =>
        JobDifference.Between(JsonNode.Parse(stored)!.AsObject(), JsonNode.Parse(submitted)!.AsObject());

    [Theory]
    [InlineData("""{"a":1,"b":[1,2]}""", """{"b":[1,2],"a":1}""")]
    [InlineData("""{"a":{"x":"y","z":null}}""", """{ "a" : { "z" : null , "x" : "y" } }""")]
    [InlineData("""{"n":1.0}""", """{"n":1}""")]
    public void The_same_job_written_otherwise_should_have_no_difference(string stored, string submitted) =>
        Assert.Null(Between(stored, submitted));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""", "a: 1 stored, 2 submitted")]
    [InlineData("""{"a":1}""", """{"a":1,"b":true}""", "b: absent stored, true submitted")]
    [InlineData("""{"a":1,"b":true}""", """{"a":1}""", "b: true stored, absent submitted")]
    [InlineData("""{"ops":[{"x":1},{"y":[1,2]}]}""", """{"ops":[{"x":1},{"y":[1,3]}]}""", "ops[1].y[1]: 2 stored, 3 submitted")]
    [InlineData("""{"ops":[1,2]}""", """{"ops":[1,2,3]}""", "ops: 2 entries stored, 3 submitted")]
    [InlineData("""{"a":"1"}""", """{"a":1}""", "a: \"1\" stored, 1 submitted")]
    public void A_different_job_should_name_the_first_difference_in_key_order(string stored, string submitted, string difference) =>
        Assert.Equal(difference, Between(stored, submitted));

    [Fact]
    public void A_long_value_should_be_cut_in_the_difference()
    {
        var difference = Between($$"""{"a":"{{new string('x', 100)}}"}""", """{"a":"y"}""")!;

        Assert.Contains("...", difference);
        Assert.True(difference.Length < 100, difference);
    }
}
