using System.Net;
using System.Text.Json.Nodes;
using Teraslice.Akka.Integration.Support;

namespace Teraslice.Akka.Integration;

/// <summary>
/// Assets end to end (upstream's e2e assets-spec and the asset routes): the sample asset built by
/// its own script, uploaded, listed, run in jobs by name, range and pin, deleted; bad bundles
/// refused with nothing stored. Specs that need the name "sample" to themselves run on a node of
/// their own; the others use the shared node under names of their own.
/// </summary>
public sealed class AssetSpecs(SharedNode shared, ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The node caps uploads 64 KiB below its remoting frame (hocon/akka.conf: 64 MiB).</summary>
    private const long MaxAssetBytes = 64L * 1024 * 1024 - 64 * 1024;

    [Fact]
    public Task The_sample_should_upload_once_list_by_name_and_version_and_delete() => WithNodeLogsOnFailure(async () =>
    {
        var zip = await AssetBundles.SampleAsync();
        var id = AssetBundles.IdOf(zip);
        var node = await StartNodeAsync();
        Assert.Empty(await node.Api.GetArrayAsync("/v1/assets"));

        var created = await node.Api.UploadAsync(zip);
        Assert.True(created.Status == HttpStatusCode.Created, $"{created.Request}: expected 201, got {(int)created.Status}: {created.Body}");
        Assert.Equal(id, Json.Str(created.Json!.AsObject(), "asset_id"));
        // the same bytes again, through both mounts: 200 and the same id, nothing new stored
        foreach (var path in (string[])["/v1/assets?blocking=true", "/assets"])
        {
            var again = await node.Api.UploadAsync(zip, path);
            Assert.Equal(id, Json.Str(again.ShouldBeOk().AsObject(), "asset_id"));
        }

        var listed = Assert.Single(await node.Api.GetArrayAsync("/v1/assets"))!.AsObject();
        Assert.Equal(id, Json.Str(listed, "id"));
        Assert.Equal("sample", Json.Str(listed, "name"));
        Assert.Equal("1.0.0", Json.Str(listed, "version"));
        var description = Json.Str(JsonNode.Parse(AssetBundles.Entry(zip, "asset.json"))!.AsObject(), "description");
        Assert.Equal(description, Json.Str(listed, "description"));
        Json.Date(listed, "_created");
        foreach (var path in (string[])["/v1/assets/sample", "/assets/sample/1.0.0", "/v1/assets/sample/%5E1.0.0", "/v1/assets?sort=name:asc&size=1"])
            Assert.Equal(listed.ToJsonString(), Assert.Single(await node.Api.GetArrayAsync(path))!.ToJsonString());
        foreach (var path in (string[])["/v1/assets/sample/1.0.1", "/v1/assets/sample/2.x", "/v1/assets/other", "/v1/assets?from=1"])
            Assert.True((await node.Api.GetArrayAsync(path)).Count == 0, $"GET {path} should list nothing");

        foreach (var path in (string[])["/txt/assets", "/txt/assets/sample", "/txt/assets/sample/1.0.0"])
        {
            var lines = (await node.Api.GetAsync(path)).ShouldBeText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["name", "version", "id", "_created", "description"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(3, lines.Length);
            Assert.StartsWith($"sample  1.0.0    {id}  {Json.Str(listed, "_created")}  {description[..30]}", lines[2]);
        }
        var bare = (await node.Api.GetAsync("/txt/assets?fields=id&headers=false")).ShouldBeText();
        Assert.Equal(id + "\n", bare);

        var deleted = (await node.Api.DeleteAsync($"/v1/assets/{id}")).ShouldBeOk().AsObject();
        Assert.Equal(id, Json.Str(deleted, "asset_id"));
        Assert.Empty(await node.Api.GetArrayAsync("/v1/assets"));
        Assert.Empty(await node.Api.GetArrayAsync("/v1/assets/sample"));
        (await node.Api.DeleteAsync($"/assets/{id}")).ShouldBeError(HttpStatusCode.NotFound, $"Unable to find asset {id}");
        (await node.Api.DeleteAsync("/v1/assets/abc")).ShouldBeError(HttpStatusCode.BadRequest,
            "asset abc is not formatted correctly, please provide the full asset_id");

        // uploaded again after the delete: new again
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(zip)).Status);
    });

    [Fact]
    public Task A_job_should_run_the_samples_reader_and_processor_to_completed_with_exact_counts() => WithNodeLogsOnFailure(async () =>
    {
        var zip = await AssetBundles.SampleAsync();
        var id = AssetBundles.IdOf(zip);
        var node = await StartNodeAsync();
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(zip)).Status);
        var sliceLog = Path.Combine(node.DataDir, "slices.log");

        var (jobId, exId) = await node.Api.SubmitAsync(SampleJob("sample-job", """["sample"]""", sliceLog: sliceLog));
        var ex = await node.Api.WaitForStatusAsync(exId, "completed", JobTimeout);

        // the execution runs the resolved id; the job keeps the reference as given
        Assert.Equal($"[\"{id}\"]", ex["assets"]!.ToJsonString());
        Assert.Equal("""["sample"]""", (await node.Api.GetObjectAsync($"/v1/jobs/{jobId}"))["assets"]!.ToJsonString());
        Assert.Equal(exId, Json.Str(await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex"), "ex_id"));
        var stats = Json.Stats(ex);
        Assert.Equal(10, Json.Long(stats, "processed"));
        Assert.Equal(0, Json.Long(stats, "failed"));
        Assert.Equal(1000, Json.Long(stats, "records_in"));
        Assert.Equal(1000, Json.Long(stats, "records_out"));
        var counters = Json.Obj(stats, "counters");
        Assert.Equal(1000, Json.Long(counters, "uppercase_field.changed"));
        // count_by_field ran after uppercase_field: every parity value upper-cased, none left as read
        Assert.Equal(500, Json.Long(counters, "count_by_field.parity.\"EVEN\""));
        Assert.Equal(500, Json.Long(counters, "count_by_field.parity.\"ODD\""));
        Assert.False(counters.ContainsKey("count_by_field.parity.\"even\""), counters.ToJsonString());

        // every slice ran once, with the size the reader cut
        var lines = (await File.ReadAllLinesAsync(sliceLog)).Select(l => l.Split('\t')).ToList();
        Assert.Equal(10, lines.Count);
        Assert.Equal(10, lines.Select(l => l[0]).Distinct().Count());
        Assert.All(lines, l => Assert.Equal("100", l[2]));
    });

    [Fact]
    public Task The_samples_validation_should_name_the_field() => LeavingIdle(shared, async node =>
    {
        var name = UniqueName();
        var zip = AssetBundles.Named(await AssetBundles.SampleAsync(), name, "1.0.0");
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(zip)).Status);

        (await node.Api.PostAsync("/v1/jobs", SampleJob("no-field", $"[\"{name}\"]", processor: """{"_op":"uppercase_field"}""")))
            .ShouldBeError(HttpStatusCode.BadRequest, "Validation failed for operation config: uppercase_field - field: is required, got nothing");
        (await node.Api.PostAsync("/v1/jobs", SampleJob("meta-field", $"[\"{name}\"]", processor: """{"_op":"uppercase_field","field":"_key"}""")))
            .ShouldBeError(HttpStatusCode.BadRequest,
                "Validation failed for operation config: uppercase_field - field: must name a data field, not metadata, got \"_key\"");
        (await node.Api.PostAsync("/v1/jobs", SampleJob("no-asset", "[]")))
            .ShouldBeError(HttpStatusCode.BadRequest, "Unable to find module for operation: counter_reader");
        (await node.Api.PostAsync("/v1/jobs", SampleJob("unknown-asset", $"[\"{name}-none\"]")))
            .ShouldBeError(HttpStatusCode.BadRequest, $"No assets found for \"{name}-none\"");
    });

    [Fact]
    public Task Versions_should_resolve_to_the_newest_by_name_and_to_a_pinned_one_by_range_or_op() => LeavingIdle(shared, async node =>
    {
        var name = UniqueName();
        var sample = await AssetBundles.SampleAsync();
        var older = AssetBundles.Named(sample, name, "1.0.0");
        var newer = AssetBundles.Named(sample, name, "1.1.0");
        var (olderId, newerId) = (AssetBundles.IdOf(older), AssetBundles.IdOf(newer));
        // the newer one uploaded first: "newest" is by version, not by upload
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(newer)).Status);
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(older)).Status);
        Assert.Equal([newerId, olderId],
            (await node.Api.GetArrayAsync($"/v1/assets/{name}?sort=version:desc")).Select(a => Json.Str(a!.AsObject(), "id")));

        foreach (var (reference, expected) in ((string, string)[])[(name, newerId), ($"{name}:latest", newerId), ($"{name}:1.0.0", olderId), ($"{name}:~1.0", olderId), ($"{name}:^1", newerId), (olderId, olderId)])
        {
            var (jobId, exId) = await node.Api.SubmitAsync(SampleJob("versions", $"[\"{reference}\"]", numbers: 20, size: 10));
            var ex = await node.Api.WaitForStatusAsync(exId, "completed", JobTimeout);
            Assert.True(ex["assets"]!.ToJsonString() == $"[\"{expected}\"]",
                $"assets [\"{reference}\"] should run {expected}; the execution has {ex["assets"]!.ToJsonString()}");
            var latest = await node.Api.GetObjectAsync($"/v1/jobs/{jobId}/ex");
            Assert.Equal(expected, (string?)latest["assets"]![0]);
            Assert.Equal(20, Json.Long(Json.Obj(Json.Stats(ex), "counters"), "uppercase_field.changed"));
        }

        // both versions and an op both export, unpinned: which one would run is unknowable
        var both = $"[\"{name}:1.0.0\", \"{name}:1.1.0\"]";
        var ambiguous = await node.Api.PostAsync("/v1/jobs", SampleJob("ambiguous", both));
        Assert.StartsWith("Multiple assets containing the same processor name", ambiguous.ShouldBeError(HttpStatusCode.BadRequest));
        Assert.Contains("counter_reader", ambiguous.Body);

        // pinned by name:version: accepted; the execution stores the ops pinned to ids
        var pinned = SampleJob("pinned", both, reader: $$"""{"_op":"counter_reader@{{name}}:1.0.0","numbers":20,"size":10}""",
            processor: $$"""{"_op":"uppercase_field@{{name}}:1.1.0","field":"parity"}""");
        var (pinnedJob, pinnedEx) = await node.Api.SubmitAsync(pinned);
        var ran = await node.Api.WaitForStatusAsync(pinnedEx, "completed", JobTimeout);
        var ops = ran["operations"]!.AsArray().Select(o => Json.Str(o!.AsObject(), "_op")).ToList();
        Assert.Equal([$"counter_reader@{olderId}", $"uppercase_field@{newerId}", "count_by_field"], ops);
        Assert.Equal($"[\"{olderId}\",\"{newerId}\"]", ran["assets"]!.ToJsonString());
        Assert.Equal(20, Json.Long(Json.Obj(Json.Stats(ran), "counters"), "uppercase_field.changed"));
        // the job keeps what was submitted
        var job = await node.Api.GetObjectAsync($"/v1/jobs/{pinnedJob}");
        Assert.Equal($"uppercase_field@{name}:1.1.0", Json.Str(job["operations"]!.AsArray()[1]!.AsObject(), "_op"));
    });

    [Fact]
    public Task The_same_name_and_version_with_other_bytes_should_be_409() => LeavingIdle(shared, async node =>
    {
        var name = UniqueName();
        var sample = await AssetBundles.SampleAsync();
        var first = AssetBundles.Named(sample, name, "1.0.0");
        var other = AssetBundles.WithManifest(first, manifest => manifest["description"] = "other bytes, same name and version");
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(first)).Status);

        (await node.Api.UploadAsync(other)).ShouldBeError(HttpStatusCode.Conflict,
            $"Asset name:\"{name}\" AND version:\"1.0.0\" already exists, please increment the version and send again");
        // a cleaned version is the same version
        (await node.Api.UploadAsync(AssetBundles.Named(first, name, "v1.0.0"))).ShouldBeError(HttpStatusCode.Conflict,
            $"Asset name:\"{name}\" AND version:\"1.0.0\" already exists, please increment the version and send again");

        var listed = Assert.Single(await node.Api.GetArrayAsync($"/v1/assets/{name}"))!.AsObject();
        Assert.Equal(AssetBundles.IdOf(first), Json.Str(listed, "id"));
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(AssetBundles.Named(first, name, "1.0.1"))).Status);
    });

    public static TheoryData<string, int, string> BadBundles => new()
    {
        { "not-a-zip", 400, "Failed to save asset. File type not recognized as zip." },
        { "no-asset-json", 422, "asset.json was not found in root directory of asset bundle" },
        { "nested-asset-json", 422, "asset.json was not found in root directory of asset bundle" },
        { "malformed-asset-json", 422, "Failure parsing asset.json, please ensure that's it formatted correctly" },
        { "missing-name", 422, "Missing name" },
        { "bad-version", 422, "Invalid version \"1.0\"" },
        { "zip-slip-parent", 422, "asset bundle has an unsafe path \"../x\": entries must stay inside the bundle" },
        { "zip-slip-absolute", 422, "asset bundle has an unsafe path \"/abs\": entries must stay inside the bundle" },
        { "dll-not-an-assembly", 422, "the assemblies of asset NAME 1.0.0 could not be loaded: " },
        { "teraslice-too-old", 422, "Asset requires teraslice version 99.0.0 or greater." },
        { "json-content-type", 400, "/asset endpoints do not accept json" },
        { "form-content-type", 400, "/asset endpoints do not accept json" },
        { "empty", 400, "asset bundle is empty: send the zip as the request body (Content-Type: application/octet-stream)" },
    };

    [Theory]
    [MemberData(nameof(BadBundles))]
    public Task A_bad_bundle_should_be_refused_clearly_and_store_nothing(string kind, int status, string message) => LeavingIdle(shared, async node =>
    {
        var name = UniqueName();
        var sample = AssetBundles.Named(await AssetBundles.SampleAsync(), name, "1.0.0");
        var dll = AssetBundles.Entry(sample, "SampleAsset.dll");
        byte[] Manifest(string json) => AssetBundles.Utf8(json.Replace("NAME", name, StringComparison.Ordinal));
        var (zip, contentType) = kind switch
        {
            "not-a-zip" => (AssetBundles.Utf8("""{"name":"NAME","version":"1.0.0"}"""), "application/octet-stream"),
            "no-asset-json" => (AssetBundles.Zip(("SampleAsset.dll", dll)), "application/octet-stream"),
            "nested-asset-json" => (AssetBundles.Zip(("sample/asset.json", Manifest("""{"name":"NAME","version":"1.0.0"}""")),
                ("sample/SampleAsset.dll", dll)), "application/octet-stream"),
            "malformed-asset-json" => (AssetBundles.Zip(("asset.json", Manifest("""{"name":"NAME","version":"1.0.0"""))), "application/octet-stream"),
            "missing-name" => (AssetBundles.Zip(("asset.json", Manifest("""{"version":"1.0.0"}""")), ("SampleAsset.dll", dll)), "application/octet-stream"),
            "bad-version" => (AssetBundles.Zip(("asset.json", Manifest("""{"name":"NAME","version":"1.0"}""")), ("SampleAsset.dll", dll)), "application/octet-stream"),
            "zip-slip-parent" => (AssetBundles.Zip(("asset.json", Manifest("""{"name":"NAME","version":"1.0.0"}""")), ("../x", AssetBundles.Utf8("x"))), "application/octet-stream"),
            "zip-slip-absolute" => (AssetBundles.Zip(("asset.json", Manifest("""{"name":"NAME","version":"1.0.0"}""")), ("/abs", AssetBundles.Utf8("x"))), "application/octet-stream"),
            "dll-not-an-assembly" => (AssetBundles.Zip(("asset.json", Manifest("""{"name":"NAME","version":"1.0.0"}""")),
                ("SampleAsset.dll", dll), ("Broken.dll", AssetBundles.Utf8("MZ, and nothing an assembly has"))), "application/octet-stream"),
            "teraslice-too-old" => (AssetBundles.Zip(("asset.json", Manifest("""{"name":"NAME","version":"1.0.0","minimum_teraslice_version":"99.0.0"}""")),
                ("SampleAsset.dll", dll)), "application/octet-stream"),
            "json-content-type" => (sample, "application/json"),
            "form-content-type" => (sample, "application/x-www-form-urlencoded"),
            "empty" => ([], "application/octet-stream"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var before = (await node.Api.GetArrayAsync("/v1/assets?size=10000")).ToJsonString();

        var response = await node.Api.UploadAsync(zip, contentType: contentType);

        var said = response.ShouldBeError((HttpStatusCode)status);
        Assert.StartsWith(message.Replace("NAME", name, StringComparison.Ordinal), said);
        Assert.Equal(before, (await node.Api.GetArrayAsync("/v1/assets?size=10000")).ToJsonString());
        Assert.Empty(await node.Api.GetArrayAsync($"/v1/assets/{name}"));
        // nothing half-stored stands in the way of the good bundle
        Assert.Equal(HttpStatusCode.Created, (await node.Api.UploadAsync(sample)).Status);
    });

    [Fact]
    public Task A_bundle_over_the_limit_should_be_413_and_store_nothing() => LeavingIdle(shared, async node =>
    {
        var before = (await node.Api.GetArrayAsync("/v1/assets?size=10000")).ToJsonString();
        var tooLarge = new byte[MaxAssetBytes + 1];
        tooLarge[0] = 0x50;
        tooLarge[1] = 0x4b;
        tooLarge[2] = 0x03;
        tooLarge[3] = 0x04;

        // as curl sends a large body (Expect: 100-continue: the 413 comes before the bytes), and
        // as a client that sends everything before it reads the answer
        foreach (var expectContinue in (bool[])[true, false])
            (await node.Api.UploadAsync(tooLarge, expectContinue: expectContinue)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge,
                $"asset bundle is larger than {MaxAssetBytes} bytes");

        Assert.Equal(before, (await node.Api.GetArrayAsync("/v1/assets?size=10000")).ToJsonString());
    });

    [Fact]
    public async Task A_master_node_should_autoload_the_bundles_of_its_autoload_dir()
    {
        var sample = await AssetBundles.SampleAsync();
        var second = AssetBundles.Named(sample, "second", "2.0.0");
        var folder = Path.Combine(Path.GetTempPath(), "teraslice-it-autoload-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "a-sample.zip"), sample);
        await File.WriteAllBytesAsync(Path.Combine(folder, "b-sample-again.zip"), sample);
        await File.WriteAllBytesAsync(Path.Combine(folder, "c-second.zip"), second);
        await File.WriteAllTextAsync(Path.Combine(folder, "d-broken.zip"), "not a zip");
        await File.WriteAllBytesAsync(Path.Combine(folder, "e-not-a-bundle.txt"), second);
        await using var node = NodeWithFlags.Start("--autoload-dir", folder);
        try
        {
            await node.WaitUntilUpAsync();
            var listed = await Eventually.UntilAsync(
                () => node.Api.GetAsync("/v1/assets?sort=name:asc"),
                r => r.Status == HttpStatusCode.OK && r.Json!.AsArray().Count >= 2 && node.LogContains("d-broken.zip"),
                TimeSpan.FromSeconds(60),
                r => $"the autoloaded bundles were not listed within 60 s: {r?.Body}");

            Assert.Equal([("sample", AssetBundles.IdOf(sample)), ("second", AssetBundles.IdOf(second))],
                listed.Json!.AsArray().Select(a => (Json.Str(a!.AsObject(), "name"), Json.Str(a.AsObject(), "id"))));
            Assert.True(node.LogContains($"Autoload of {Path.Combine(folder, "b-sample-again.zip")}: asset {AssetBundles.IdOf(sample)} was already stored"),
                node.TailText(40));
            Assert.True(node.LogContains($"Autoload of {Path.Combine(folder, "d-broken.zip")} refused (BadRequest): Failed to save asset. File type not recognized as zip."),
                node.TailText(40));

            // autoloaded bundles are assets like any other
            var (_, exId) = await node.Api.SubmitAsync(SampleJob("autoloaded", """["second"]""", numbers: 20, size: 10));
            var ex = await node.Api.WaitForStatusAsync(exId, "completed", JobTimeout);
            Assert.Equal($"[\"{AssetBundles.IdOf(second)}\"]", ex["assets"]!.ToJsonString());
        }
        catch
        {
            node.DumpLog(Output);
            throw;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_autoload_dir_that_does_not_exist_should_stop_the_node_naming_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), "teraslice-it-missing-" + Guid.NewGuid().ToString("N")[..12]);
        await using var node = NodeWithFlags.Start("--autoload-dir", missing);

        Assert.Equal(2, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(node.LogContains(
            $"teraslice.autoload-dir (--autoload-dir, TERASLICE_AUTOLOAD_DIR) must be an existing folder (or empty for none), got \"{missing}\""),
            node.TailText(20));
    }

    /// <summary>An asset name no other spec uses (the shared node keeps what specs upload).</summary>
    private static string UniqueName() => "sample-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>counter_reader → uppercase_field(parity) → count_by_field(parity) [→ slice_log].</summary>
    private static string SampleJob(string name, string assets, string? reader = null, string? processor = null,
        string? sliceLog = null, long numbers = 1000, long size = 100)
    {
        var operations = new JsonArray
        {
            JsonNode.Parse(reader ?? $$"""{"_op":"counter_reader","numbers":{{numbers}},"size":{{size}}}"""),
            JsonNode.Parse(processor ?? """{"_op":"uppercase_field","field":"parity"}"""),
            new JsonObject { ["_op"] = "count_by_field", ["field"] = "parity", ["collect_metrics"] = true },
        };
        if (sliceLog is not null) operations.Add(new JsonObject { ["_op"] = "slice_log", ["path"] = sliceLog });
        return new JsonObject
        {
            ["name"] = name,
            ["lifecycle"] = "once",
            ["workers"] = 2,
            ["assets"] = JsonNode.Parse(assets),
            ["operations"] = operations,
        }.ToJsonString();
    }
}
