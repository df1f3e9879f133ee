using Teraslice.Akka.Operations;
using Xunit;
using static Teraslice.Akka.Operations.Tests.Standard.Harness;

namespace Teraslice.Akka.Operations.Tests.Standard;

[Collection("hooks")] // uses the tally API of SdkSpecs
public sealed class RoutedSenderSpecs
{
    private const string Api = """[{"_name":"memory_sender_api"}]""";

    private static string Sender(string routing, string extra = "") =>
        $$"""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{{routing}}{{extra}}}""";

    private static async Task<(SliceOutcome Outcome, List<DataEntity> Output, MemorySenderApi Api)> Send(string op, DataEntity[] records, string apis = Api)
    {
        await using var run = await StartAsync(op, apis);
        var (outcome, output) = await run.SliceAsync(records);
        return (outcome, output, run.Pipeline.Apis.Get<MemorySenderApi>("memory_sender_api"));
    }

    private static List<object?> Ids(IEnumerable<DataEntity> records) => Values(records, "id");

    private static DataEntity[] Routed(params string?[] routes) =>
        routes.Select((route, i) => R($$"""{"id":{{i}}}""", route: route)).ToArray();

    [Fact]
    public async Task Routed_sender_should_send_records_to_the_destination_of_their_route_and_pass_them_on()
    {
        var records = Routed("a", "b", "c", "a");
        var (outcome, output, api) = await Send(Sender("""{"a":"conn1","b, c":"conn2"}"""), records);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([0L, 1L, 2L, 3L], Ids(output));
        Assert.Equal([0L, 3L], Ids(Assert.Single(api.Batches("conn1"))));
        // routes sharing a destination share its sender; each route is sent on its own
        Assert.Equal([[1L], [2L]], api.Batches("conn2").Select(Ids).OrderBy(ids => ids[0]));
        Assert.Equal(2, api.SendersCreated);
    }

    [Fact]
    public async Task Routed_sender_should_send_unlisted_and_unrouted_records_to_the_catch_all()
    {
        var (outcome, _, api) = await Send(Sender("""{"a":"conn1","*":"other"}"""), Routed("a", "zzz", null));
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([0L], Ids(api.Batches("conn1").Single()));
        Assert.Equal([1L, 2L], Ids(api.Batches("other").Single()));
    }

    [Fact]
    public async Task Routed_sender_should_route_dynamically_under_double_star_grouping_by_route()
    {
        var (outcome, output, api) = await Send(Sender("""{"a":"conn1","**":"dynamic"}""", ""","_dead_letter_action":"none" """), Routed("a", "x", "y", "x", null, ""));
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(6, output.Count);
        Assert.Equal([0L], Ids(api.Batches("conn1").Single()));
        var dynamic = api.Batches("dynamic").OrderBy(b => (string)b[0].GetMetadata("standard:route")!).ToList();
        Assert.Equal([[1L, 3L], [2L]], dynamic.Select(Ids));
        Assert.All(dynamic[0], r => Assert.Equal("x", r.GetMetadata("standard:route")));

        var (failed, _, _) = await Send(Sender("""{"**":"dynamic"}"""), Routed("x", null));
        Assert.Contains("No data route was specified in record metadata", failed.Error);
    }

    [Fact]
    public async Task Routed_sender_should_reject_records_it_cannot_route()
    {
        var (unlisted, _, _) = await Send(Sender("""{"a":"conn1"}"""), Routed("a", "b"));
        Assert.Contains("Invalid connection route: b was not found in routing", unlisted.Error);
        var (unrouted, _, _) = await Send(Sender("""{"a":"conn1"}"""), Routed("a", null));
        Assert.Contains("No route was specified in record metadata", unrouted.Error);

        var (outcome, output, api) = await Send(Sender("""{"a":"conn1"}""", ""","_dead_letter_action":"none" """), Routed("a", "b", null));
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(3, output.Count); // upstream passes every record on, sent or not
        Assert.Equal([0L], Ids(api.Batches("conn1").Single()));
    }

    [Fact]
    public async Task Routed_sender_should_send_in_batches_of_size_at_most_concurrency_at_a_time()
    {
        var records = Routed(Enumerable.Repeat<string?>("a", 11).ToArray());
        var (outcome, _, api) = await Send(Sender("""{"a":"conn1"}""", ""","size":2,"concurrency":2"""), records, """[{"_name":"memory_sender_api","send_ms":20}]""");
        Assert.True(outcome.Succeeded, outcome.Error);
        var batches = api.Batches("conn1");
        Assert.Equal([2, 2, 2, 2, 2, 1], batches.Select(b => b.Count).OrderDescending());
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (object?)(long)i), batches.SelectMany(Ids).Order());
        Assert.InRange(api.Senders["conn1"].MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task Routed_sender_should_fail_the_slice_when_a_destination_fails_after_trying_all()
    {
        var (outcome, _, api) = await Send(Sender("""{"a":"down","b":"up"}"""), Routed("a", "b"), """[{"_name":"memory_sender_api","fail_destinations":["down"]}]""");
        Assert.False(outcome.Succeeded);
        Assert.Contains("down is down", outcome.Error);
        Assert.Single(api.Batches("up"));
    }

    [Fact]
    public async Task Routed_sender_should_send_nothing_for_an_empty_slice()
    {
        var (outcome, output, api) = await Send(Sender("""{"a":"conn1"}"""), []);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Empty(output);
        Assert.Empty(api.Senders);
    }

    [Fact]
    public async Task Routed_sender_should_set_up_the_dynamic_destination_when_it_starts()
    {
        var (_, _, api) = await Send(Sender("""{"**":"dynamic"}"""), []);
        Assert.True(api.Senders.ContainsKey("dynamic"));
    }

    [Fact]
    public void Routed_sender_should_default_size_and_concurrency_as_upstream()
    {
        var op = (System.Text.Json.Nodes.JsonObject)Validate(Sender("""{"a":"b"}"""), Api).ExConfig["operations"]![1]!;
        Assert.Equal((10_000, 10), ((int)op["size"]!, (int)op["concurrency"]!));
    }

    [Theory]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api"}""", "routed_sender - routing: is required")]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{}}""", "routed_sender - routing: must have keys and non-empty destination values")]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{"a":""}}""", "routed_sender - routing: must have keys and non-empty destination values")]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{"*":"x","**":"y"}}""", "routed_sender - routing: cannot specify \"*\" and \"**\"")]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{"a,*":"x","**":"y"}}""", "routed_sender - routing: cannot specify \"*\" and \"**\"")]
    [InlineData("""{"_op":"routed_sender","routing":{"a":"x"}}""", "routed_sender - _api_name: is required")]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{"a":"x"},"size":0}""", "routed_sender - size: must be a positive integer, got 0")]
    [InlineData("""{"_op":"routed_sender","_api_name":"memory_sender_api","routing":{"a":"x"},"concurrency":0}""", "routed_sender - concurrency: must be a positive integer")]
    public void Routed_sender_should_refuse_bad_options(string op, string expected) =>
        Assert.Contains("Validation failed for operation config: " + expected, Error(op, Api));

    [Fact]
    public void Routed_sender_should_need_its_api_in_the_job() =>
        Assert.Contains("Could not find the associated api for elsewhere",
            Error("""{"_op":"routed_sender","_api_name":"elsewhere","routing":{"a":"x"}}""", Api));

    [Fact]
    public async Task Routed_sender_should_say_when_its_api_is_not_a_sender()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync("""{"_op":"routed_sender","_api_name":"tally","routing":{"a":"x"}}""", """[{"_name":"tally"}]"""));
        Assert.Equal("The api \"tally\" is a TallyApi, not a ISenderApi", error.Message);
    }
}
