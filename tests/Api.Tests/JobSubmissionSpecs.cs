using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

public sealed class JobSubmissionSpecs : IClassFixture<ApiHost>
{
    private const string Job = """{"name":"j","operations":[{"_op":"noop"},{"_op":"noop"}]}""";
    private readonly ApiHost _host;

    public JobSubmissionSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")] // curl -d @job.json
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_job_should_be_parsed_as_json_whatever_the_content_type(string? contentType)
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/jobs", ApiHost.Content(Job, contentType));

        response.ShouldBeOk();
        Assert.Equal(Job, _host.Master.Single<SubmitJob>().Job.Json);
    }

    [Fact]
    public async Task A_job_with_a_byte_order_mark_should_be_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Job)).ToArray();

        (await _host.SendAsync(HttpMethod.Post, "/jobs", new ByteArrayContent(bytes))).ShouldBeOk();

        Assert.Equal(Job, _host.Master.Single<SubmitJob>().Job.Json);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_should_be_400_malformed()
    {
        var bytes = Encoding.UTF8.GetBytes(Job).Concat(new byte[] { 0xFF }).ToArray();
        bytes[^2] = 0xC3; // the closing brace becomes a lone lead byte

        var response = await _host.SendAsync(HttpMethod.Post, "/jobs", new ByteArrayContent(bytes));

        response.ShouldBeError(400, "the json submitted is malformed");
        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData("{\"operations\": [")]
    [InlineData("{operations: []}")]
    [InlineData("{\"operations\": []} trailing")]
    [InlineData("{\"operations\": [],}")]
    [InlineData("not json")]
    public async Task Malformed_json_should_be_400(string body)
    {
        var response = await _host.PostAsync("/jobs", body, "application/x-www-form-urlencoded");

        response.ShouldBeError(400, "the json submitted is malformed");
        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    [InlineData("[]")]
    [InlineData("[{\"operations\": []}]")]
    [InlineData("\"a job\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"name\": \"no operations\"}")]
    [InlineData("{\"operations\": null}")]
    public async Task A_body_that_is_not_a_job_should_be_400_no_job_was_posted(string body)
    {
        var response = await _host.PostAsync("/v1/jobs", body);

        response.ShouldBeError(400, "No job was posted");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task No_body_at_all_should_be_400_no_job_was_posted()
    {
        (await _host.PostAsync("/jobs")).ShouldBeError(400, "No job was posted");
    }

    [Fact]
    public async Task A_job_with_a_job_id_should_be_422()
    {
        var response = await _host.PostAsync("/jobs", """{"job_id":"mine","operations":[]}""");

        response.ShouldBeError(422, "Job cannot include a job_id on submit");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_should_be_accepted()
    {
        var body = Padded(ApiHost.MaxBodyBytes);

        (await _host.PostAsync("/jobs", body)).ShouldBeOk();

        Assert.Equal(body, _host.Master.Single<SubmitJob>().Job.Json);
    }

    [Fact]
    public async Task A_body_over_the_limit_should_be_413()
    {
        var response = await _host.PostAsync("/jobs", Padded(ApiHost.MaxBodyBytes + 1));

        response.ShouldBeError(413, $"request body is larger than {ApiHost.MaxBodyBytes} bytes");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_should_be_413()
    {
        // No Content-Length: the limit has to be found while reading.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Padded(ApiHost.MaxBodyBytes * 2))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jobs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
                await response.Content.ReadAsStringAsync())
            .ShouldBeError(413, $"request body is larger than {ApiHost.MaxBodyBytes} bytes");
        Assert.Empty(_host.Master.Asks);
    }

    /// <summary>A valid job of exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string Padded(long bytes)
    {
        const string head = "{\"operations\":[],\"pad\":\"";
        const string tail = "\"}";
        var body = head + new string('x', (int)bytes - head.Length - tail.Length) + tail;
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(body));
        return body;
    }
}
