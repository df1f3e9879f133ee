using System.Net;
using System.Net.Http.Headers;
using Teraslice.Akka.Api.Tests.Support;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests;

/// <summary>The /assets routes and the /txt/assets tables over HTTP: what they ask, what they refuse, what they answer.</summary>
public sealed class AssetsApiSpecs : IClassFixture<ApiHost>
{
    private const string TextType = "text/plain; charset=utf-8";
    private const string JsonNotAccepted = "/asset endpoints do not accept json";
    private const string EmptyBundle =
        "asset bundle is empty: send the zip as the request body (Content-Type: application/octet-stream)";
    private const string AssetId = "ec2d5465609571590fdfe5b371ed7f98a04db5cb";

    private const string Assets = """
        [{"id":"id-1","name":"sample","version":"1.0.0","description":"A sample asset of Teraslice.Akka: uppercase_field and counter_reader",
          "_created":"2024-01-01T00:00:00.000Z"},
         {"id":"id-22","name":"other","version":"0.1.0","_created":"2024-02-01T00:00:00.000Z"}]
        """;

    private static readonly ListQuery DefaultAssetsQuery = new(0, 100, "_created", SortDescending: true, Deleted: false);

    private readonly ApiHost _host;

    public AssetsApiSpecs(ApiHost host)
    {
        _host = host;
        host.Reset();
    }

    // ---- POST /assets

    [Theory]
    [InlineData("/assets")]
    [InlineData("/v1/assets")]
    public async Task Upload_should_send_the_body_bytes_to_the_master_and_answer_201_for_a_new_asset(string path)
    {
        var zip = Bundle(1000);
        _host.Master.Answer(new JsonReply($$"""{"asset_id":"{{AssetId}}","_id":"{{AssetId}}"}""", Created: true));

        var response = await PostBundleAsync(path, zip, "application/octet-stream");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(AssetId, response.Json.GetProperty("asset_id").GetString());
        Assert.Equal(zip, _host.Master.Single<UploadAsset>().Zip);
    }

    [Fact]
    public async Task Upload_of_bytes_already_stored_should_answer_the_masters_200()
    {
        _host.Master.Answer(new JsonReply($$"""{"asset_id":"{{AssetId}}"}"""));

        var body = (await PostBundleAsync("/assets", Bundle(10), "application/octet-stream")).ShouldBeOk();

        Assert.Equal($"{{\n    \"asset_id\": \"{AssetId}\"\n}}", body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/octet-stream")]
    [InlineData("application/zip")]
    [InlineData("application/x-zip-compressed")]
    [InlineData("text/plain")]
    public async Task Upload_should_take_any_content_type_but_json_and_forms(string? contentType)
    {
        _host.Master.Answer(new JsonReply("""{"asset_id":"x"}""", Created: true));

        var response = await PostBundleAsync("/assets", Bundle(64), contentType);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(64, _host.Master.Single<UploadAsset>().Zip.Length);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    public async Task Upload_with_a_json_or_form_content_type_should_be_400_without_asking(string contentType)
    {
        var response = await PostBundleAsync("/v1/assets", Bundle(64), contentType);

        response.ShouldBeError(400, JsonNotAccepted);
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Upload_with_curls_default_form_type_should_be_400()
    {
        // curl --data-binary @bundle.zip without -H sends the form type: upstream refuses it too.
        var response = await PostBundleAsync("/assets", Bundle(64), "application/x-www-form-urlencoded");

        response.ShouldBeError(400, JsonNotAccepted);
    }

    [Fact]
    public async Task Upload_of_an_empty_body_should_be_400_without_asking()
    {
        var response = await PostBundleAsync("/assets", [], "application/octet-stream");

        response.ShouldBeError(400, EmptyBundle);
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Upload_without_a_body_should_be_400_without_asking()
    {
        (await _host.SendAsync(HttpMethod.Post, "/assets")).ShouldBeError(400, EmptyBundle);

        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Upload_of_exactly_the_asset_limit_should_be_accepted_even_past_the_body_limit()
    {
        Assert.True(ApiHost.MaxAssetBytes > ApiHost.MaxBodyBytes);
        _host.Master.Answer(new JsonReply("""{"asset_id":"x"}""", Created: true));

        var response = await PostBundleAsync("/assets", Bundle(ApiHost.MaxAssetBytes), "application/octet-stream");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(ApiHost.MaxAssetBytes, _host.Master.Single<UploadAsset>().Zip.Length);
    }

    [Fact]
    public async Task Upload_over_the_asset_limit_should_be_413_without_asking()
    {
        var response = await PostBundleAsync("/assets", Bundle(ApiHost.MaxAssetBytes + 1), "application/octet-stream");

        response.ShouldBeError(413, $"asset bundle is larger than {ApiHost.MaxAssetBytes} bytes");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Upload_chunked_over_the_asset_limit_should_be_413_without_asking()
    {
        // No Content-Length: the limit has to be found while reading.
        var content = new StreamContent(new MemoryStream(Bundle(ApiHost.MaxAssetBytes * 2)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/assets") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.ToString(),
                await response.Content.ReadAsStringAsync())
            .ShouldBeError(413, $"asset bundle is larger than {ApiHost.MaxAssetBytes} bytes");
        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task Upload_chunked_within_the_limit_should_send_every_byte()
    {
        var zip = Bundle(100_000);
        var content = new StreamContent(new MemoryStream(zip));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/assets") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        _host.Master.Answer(new JsonReply("""{"asset_id":"x"}""", Created: true));

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(zip, _host.Master.Single<UploadAsset>().Zip);
    }

    [Theory]
    [InlineData("?blocking=true")]
    [InlineData("?blocking=false")]
    [InlineData("?blocking=")]
    [InlineData("?blocking=TRUE")]
    public async Task Upload_should_accept_blocking_and_store_before_answering_either_way(string query)
    {
        _host.Master.Answer(new JsonReply("""{"asset_id":"x"}""", Created: true));

        var response = await PostBundleAsync("/assets" + query, Bundle(16), "application/octet-stream");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        _host.Master.Single<UploadAsset>();
    }

    [Theory]
    [InlineData("?blocking=yes", "blocking query option must be true or false; got \"yes\"")]
    [InlineData("?blocking=true&blocking=false", "blocking query option must be given once")]
    public async Task Upload_with_a_bad_blocking_option_should_be_400_without_asking(string query, string message)
    {
        var response = await PostBundleAsync("/assets" + query, Bundle(16), "application/octet-stream");

        response.ShouldBeError(400, message);
        Assert.Empty(_host.Master.Asks);
    }

    [Theory]
    [InlineData(RejectionKind.BadRequest, 400, "Failed to save asset. File type not recognized as zip.")]
    [InlineData(RejectionKind.Conflict, 409, "Asset name:\"sample\" AND version:\"1.0.0\" already exists, please increment the version and send again")]
    [InlineData(RejectionKind.Unprocessable, 422, "asset.json was not found in root directory of asset bundle")]
    public async Task Upload_refused_by_the_master_should_be_its_status_and_message(RejectionKind kind, int status, string message)
    {
        _host.Master.Answer(new Rejection(kind, message));

        var response = await PostBundleAsync("/assets", Bundle(16), "application/octet-stream");

        response.ShouldBeError(status, message);
    }

    [Fact]
    public async Task Upload_should_wait_the_usual_ask_timeout()
    {
        _host.Master.NeverAnswer();

        var response = await PostBundleAsync("/assets", Bundle(16), "application/octet-stream");

        response.ShouldBeError(503, "the cluster master did not answer within 0.4 s; try again");
        Assert.Equal(ApiHost.AskTimeout, Assert.Single(_host.Master.Asks).Timeout);
    }

    // ---- GET /assets

    [Theory]
    [InlineData("/assets")]
    [InlineData("/v1/assets")]
    public async Task List_should_ask_for_every_asset_newest_first_by_default(string path)
    {
        _host.Master.Answer(new JsonReply(Assets));

        var body = (await _host.GetAsync(path)).ShouldBeOk();

        Assert.Contains("\"name\": \"sample\"", body);
        Assert.Equal(new ListAssets(null, null, DefaultAssetsQuery), _host.Master.Single<ListAssets>());
    }

    [Fact]
    public async Task List_should_pass_from_size_and_sort()
    {
        (await _host.GetAsync("/assets?from=5&size=10&sort=name:asc")).ShouldBeOk();

        Assert.Equal(new ListAssets(null, null, new ListQuery(5, 10, "name", false, false)), _host.Master.Single<ListAssets>());
    }

    [Theory]
    [InlineData("/assets/sample", "sample", null)]
    [InlineData("/v1/assets/sample", "sample", null)]
    [InlineData("/assets/sample/1.0.0", "sample", "1.0.0")]
    [InlineData("/v1/assets/sample/1.0.0", "sample", "1.0.0")]
    [InlineData("/assets/sample/%5E1.0.0", "sample", "^1.0.0")]
    [InlineData("/assets/sample/~1", "sample", "~1")]
    public async Task Get_by_name_and_version_should_ask_for_those(string path, string name, string? version)
    {
        _host.Master.Answer(new JsonReply(Assets));

        (await _host.GetAsync(path + "?sort=version")).ShouldBeOk();

        Assert.Equal(new ListAssets(name, version, DefaultAssetsQuery with { SortField = "version" }),
            _host.Master.Single<ListAssets>());
    }

    [Theory]
    [InlineData("/assets?sort=_updated", "sort query option must be field, field:asc or field:desc with field one of _created, name, version, id; got \"_updated\"")]
    [InlineData("/assets/sample?size=10001", "size query option must be an integer from 0 to 10000; got \"10001\"")]
    [InlineData("/assets/sample/1.0.0?from=-1", "from query option must be an integer >= 0; got \"-1\"")]
    [InlineData("/assets?filter=name:sample", "filter query option is not supported; use /assets/{name} or /assets/{name}/{version}")]
    public async Task List_with_a_bad_option_should_be_400_without_asking(string path, string message)
    {
        (await _host.GetAsync(path)).ShouldBeError(400, message);

        Assert.Empty(_host.Master.Asks);
    }

    [Fact]
    public async Task List_should_answer_the_masters_rejection()
    {
        _host.Master.Answer(Rejection.BadRequest("\"1.x.y\" is not a version or a semver range"));

        (await _host.GetAsync("/assets/sample/1.x.y")).ShouldBeError(400, "\"1.x.y\" is not a version or a semver range");
    }

    // ---- DELETE /assets/{id}

    [Theory]
    [InlineData("/assets/")]
    [InlineData("/v1/assets/")]
    public async Task Delete_should_ask_the_master_and_answer_its_reply(string prefix)
    {
        _host.Master.Answer(new JsonReply($$"""{"asset_id":"{{AssetId}}","_id":"{{AssetId}}"}"""));

        var response = await _host.SendAsync(HttpMethod.Delete, prefix + AssetId);

        response.ShouldBeOk();
        Assert.Equal(AssetId, response.Json.GetProperty("asset_id").GetString());
        Assert.Equal(AssetId, _host.Master.Single<DeleteAsset>().AssetId);
    }

    [Theory]
    [InlineData(RejectionKind.NotFound, 404, "Unable to find asset " + AssetId)]
    [InlineData(RejectionKind.BadRequest, 400, "asset abc is not formatted correctly, please provide the full asset_id")]
    public async Task Delete_refused_by_the_master_should_be_its_status_and_message(RejectionKind kind, int status, string message)
    {
        _host.Master.Answer(new Rejection(kind, message));

        (await _host.SendAsync(HttpMethod.Delete, "/assets/" + AssetId)).ShouldBeError(status, message);
    }

    [Theory]
    [InlineData("DELETE", "/assets")]
    [InlineData("PUT", "/assets/" + AssetId)]
    [InlineData("POST", "/assets/sample")]
    [InlineData("DELETE", "/assets/sample/1.0.0")]
    public async Task Other_methods_should_be_405(string method, string path)
    {
        (await _host.SendAsync(new HttpMethod(method), path)).ShouldBeError(405, $"cannot {method} endpoint {path}");

        Assert.Empty(_host.Master.Asks);
    }

    // ---- /txt/assets

    [Fact]
    public async Task Txt_assets_should_print_upstreams_columns_with_descriptions_cut_to_30_characters()
    {
        _host.Master.Answer(new JsonReply(Assets));

        var text = (await _host.GetAsync("/txt/assets")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "name    version  id     _created                  description                   ",
            "------  -------  -----  ------------------------  ------------------------------",
            "sample  1.0.0    id-1   2024-01-01T00:00:00.000Z  A sample asset of Teraslice.Ak",
            "other   0.1.0    id-22  2024-02-01T00:00:00.000Z  N/A                           "), text);
        Assert.Equal(new ListAssets(null, null, DefaultAssetsQuery), _host.Master.Single<ListAssets>());
    }

    [Theory]
    [InlineData("/txt/assets/sample", "sample", null)]
    [InlineData("/txt/assets/sample/1.0.0", "sample", "1.0.0")]
    public async Task Txt_assets_by_name_and_version_should_ask_for_those(string path, string name, string? version)
    {
        _host.Master.Answer(new JsonReply("[]"));

        var text = (await _host.GetAsync(path + "?from=1&size=2&sort=name:asc")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "name  version  id  _created  description",
            "----  -------  --  --------  -----------"), text);
        Assert.Equal(new ListAssets(name, version, new ListQuery(1, 2, "name", false, false)), _host.Master.Single<ListAssets>());
    }

    [Fact]
    public async Task Txt_assets_should_take_fields_and_headers_false()
    {
        _host.Master.Answer(new JsonReply(Assets));

        var text = (await _host.GetAsync("/txt/assets?fields=id,name,description&headers=false")).ShouldBeText(TextType);

        Assert.Equal(Lines(
            "id-1   sample  A sample asset of Teraslice.Ak",
            "id-22  other   N/A                           "), text);
    }

    [Fact]
    public async Task Txt_assets_should_not_split_a_character_when_cutting_a_description()
    {
        var description = new string('x', 29) + "\U0001F600 and more";
        _host.Master.Answer(new JsonReply($$"""[{"name":"a","description":"{{description}}"}]"""));

        var text = (await _host.GetAsync("/txt/assets?fields=description&headers=false")).ShouldBeText(TextType);

        Assert.Equal(Lines(new string('x', 29)), text);
    }

    [Fact]
    public async Task Txt_assets_should_keep_the_json_error_envelope()
    {
        (await _host.GetAsync("/txt/assets?sort=nope")).ShouldBeError(400,
            "sort query option must be field, field:asc or field:desc with field one of _created, name, version, id; got \"nope\"");
        _host.Master.Answer(Rejection.BadRequest("\"x\" is not a version or a semver range"));

        (await _host.GetAsync("/txt/assets/sample/x")).ShouldBeError(400, "\"x\" is not a version or a semver range");
    }

    private Task<ApiResponse> PostBundleAsync(string path, byte[] zip, string? contentType)
    {
        var content = new ByteArrayContent(zip);
        if (contentType is not null)
            Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        return _host.SendAsync(HttpMethod.Post, path, content);
    }

    /// <summary>Bytes that start like a zip (the API does not look further; the master does).</summary>
    private static byte[] Bundle(long length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] magic = [0x50, 0x4b, 0x03, 0x04];
        magic.AsSpan(0, (int)Math.Min(4, length)).CopyTo(bytes);
        return bytes;
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + "\n"));
}
