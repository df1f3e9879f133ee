using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Semver;
using Teraslice.Akka.Master.Assets;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;
using Xunit;

namespace Teraslice.Akka.Master.Tests.Assets;

/// <summary>
/// What a bundle must be to be stored (<see cref="AssetBundle.Inspect"/>), and how a job's asset
/// references become ids (<see cref="AssetCatalog.ResolveAsync"/>) against a real SQLite store.
/// </summary>
public sealed class AssetBundleSpecs : IAsyncLifetime
{
    private static readonly SemVersion Ours = SemVersion.Parse("3.18.0", SemVersionStyles.Strict);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ts-asset-specs-{Guid.NewGuid():N}");
    private SqlStateStore _store = null!;
    private AssetCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        _store = SqlStateStore.Create(StorageProvider.Sqlite, $"Data Source={Path.Combine(_folder, "teraslice.db")}");
        await _store.InitializeAsync();
        _catalog = new AssetCatalog(_store, Path.Combine(_folder, "assets"), BuiltinOperations.Registry, NullLogger<AssetCatalog>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    // ---- AssetBundle.Inspect

    [Fact]
    public void A_bundle_with_a_name_and_version_should_pass_with_teraslices_id()
    {
        var zip = Zip(("asset.json", """{"name":"sample","version":"1.2.3","description":"d"}"""), ("Sample.dll", "not looked at here"));

        var info = Pass(zip);

        Assert.Equal("sample", info.Name);
        Assert.Equal("1.2.3", info.Version.ToString());
        Assert.Equal("d", (string?)info.Manifest["description"]);
        // the SHA-1 (hex) of the zip's base64 text, as upstream computes it
        var expected = Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(Convert.ToBase64String(zip))));
        Assert.Equal(expected, info.Id);
        Assert.Equal(40, info.Id.Length);
        Assert.Equal(expected, AssetBundle.IdOf(zip));
    }

    [Theory]
    [InlineData("v1.0.0", "1.0.0")]
    [InlineData("=1.0.0", "1.0.0")]
    [InlineData(" 2.0.0-rc.1 ", "2.0.0-rc.1")]
    [InlineData("1.0.0+build.5", "1.0.0+build.5")]
    public void A_version_should_be_cleaned_as_semver_does(string version, string cleaned)
    {
        var info = Pass(Zip(("asset.json", $$"""{"name":"sample","version":"{{version}}"}""")));

        Assert.Equal(cleaned, info.Version.ToString());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x50, 0x4b })]
    [InlineData(new byte[] { 0x7b, 0x7d })]
    [InlineData(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0x00 })]
    public void Bytes_that_are_not_a_zip_should_be_400(byte[] bytes) =>
        Fail(bytes, RejectionKind.BadRequest, "Failed to save asset. File type not recognized as zip.");

    [Fact]
    public void A_zip_that_cannot_be_read_should_be_400()
    {
        byte[] broken = [0x50, 0x4b, 0x03, 0x04, .. Enumerable.Repeat((byte)0xee, 64)];

        var (_, problem) = AssetBundle.Inspect(broken, Ours);

        Assert.Equal(RejectionKind.BadRequest, problem!.Kind);
        Assert.StartsWith("Failed to save asset. The zip could not be read", problem.Message);
    }

    [Theory]
    [InlineData("Sample.dll")]
    [InlineData("sample/asset.json")]
    [InlineData("Asset.json")]
    public void A_bundle_without_asset_json_at_its_root_should_be_422(string entry) =>
        Fail(Zip((entry, """{"name":"sample","version":"1.0.0"}""")), RejectionKind.Unprocessable,
            "asset.json was not found in root directory of asset bundle");

    [Theory]
    [InlineData("{\"name\":\"sample\",")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"sample\"")]
    public void A_malformed_asset_json_should_be_422(string json) =>
        Fail(Zip(("asset.json", json)), RejectionKind.Unprocessable,
            "Failure parsing asset.json, please ensure that's it formatted correctly");

    [Theory]
    [InlineData("""{"version":"1.0.0"}""")]
    [InlineData("""{"name":"","version":"1.0.0"}""")]
    [InlineData("""{"name":"  ","version":"1.0.0"}""")]
    [InlineData("""{"name":7,"version":"1.0.0"}""")]
    [InlineData("""{"name":null,"version":"1.0.0"}""")]
    public void A_bundle_without_a_name_should_be_422(string json) =>
        Fail(Zip(("asset.json", json)), RejectionKind.Unprocessable, "Missing name");

    [Theory]
    [InlineData("a@b")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void A_name_that_a_reference_could_not_name_should_be_422(string name) =>
        Fail(Zip(("asset.json", $$"""{"name":"{{name}}","version":"1.0.0"}""")), RejectionKind.Unprocessable,
            $"Invalid name \"{name}\": an asset name cannot contain @, :, / or spaces");

    [Theory]
    [InlineData("""{"name":"sample"}""", "")]
    [InlineData("""{"name":"sample","version":"1.0"}""", "1.0")]
    [InlineData("""{"name":"sample","version":"latest"}""", "latest")]
    [InlineData("""{"name":"sample","version":"^1.0.0"}""", "^1.0.0")]
    [InlineData("""{"name":"sample","version":1}""", "1")]
    public void A_bundle_without_a_semver_version_should_be_422(string json, string shown) =>
        Fail(Zip(("asset.json", json)), RejectionKind.Unprocessable, $"Invalid version \"{shown}\"");

    [Theory]
    [InlineData("../x")]
    [InlineData("lib/../../x")]
    [InlineData("/abs")]
    [InlineData("\\abs")]
    [InlineData("C:/x")]
    [InlineData("..\\x")]
    public void An_entry_escaping_the_bundle_should_be_422_whatever_else_is_right(string entry) =>
        Fail(Zip(("asset.json", """{"name":"sample","version":"1.0.0"}"""), (entry, "x")), RejectionKind.Unprocessable,
            $"asset bundle has an unsafe path \"{entry}\": entries must stay inside the bundle");

    [Theory]
    [InlineData("lib/inner.dll")]
    [InlineData("a..b/c")]
    [InlineData("docs/")]
    public void Entries_inside_the_bundle_should_pass(string entry) =>
        Pass(Zip(("asset.json", """{"name":"sample","version":"1.0.0"}"""), (entry, "x")));

    [Theory]
    [InlineData("3.18.1")]
    [InlineData("v4.0.0")]
    [InlineData("99.0.0")]
    public void A_bundle_needing_a_newer_teraslice_should_be_422(string minimum) =>
        Fail(Zip(("asset.json", $$"""{"name":"sample","version":"1.0.0","minimum_teraslice_version":"{{minimum}}"}""")),
            RejectionKind.Unprocessable, $"Asset requires teraslice version {minimum} or greater.");

    [Theory]
    [InlineData("3.18.0")]
    [InlineData("v3.0.0")]
    [InlineData("0.1.0")]
    public void A_bundle_this_teraslice_meets_should_pass(string minimum) =>
        Pass(Zip(("asset.json", $$"""{"name":"sample","version":"1.0.0","minimum_teraslice_version":"{{minimum}}"}""")));

    // ---- AssetCatalog.CheckLoads

    [Fact]
    public void A_dll_that_is_not_an_assembly_should_not_load()
    {
        var zip = Zip(("asset.json", """{"name":"sample","version":"1.0.0"}"""), ("Broken.dll", "MZ but nothing more"));

        var problem = _catalog.CheckLoads(Pass(zip), zip);

        Assert.NotNull(problem);
        Assert.StartsWith("the assemblies of asset sample 1.0.0 could not be loaded", problem);
        Assert.Empty(Directory.Exists(Path.Combine(_folder, "assets")) ? Directory.GetFileSystemEntries(Path.Combine(_folder, "assets")) : []);
    }

    [Fact]
    public void A_bundle_without_assemblies_should_load()
    {
        var zip = Zip(("asset.json", """{"name":"sample","version":"1.0.0"}"""), ("README.md", "no code"));

        Assert.Null(_catalog.CheckLoads(Pass(zip), zip));
    }

    // ---- AssetCatalog.ResolveAsync

    [Theory]
    [InlineData("sample", "1.1.0")]
    [InlineData("sample:latest", "1.1.0")]
    [InlineData("sample:1.0.0", "1.0.0")]
    [InlineData("sample:v1.0.0", "1.0.0")]
    [InlineData("sample:~1.0", "1.0.0")]
    [InlineData("sample:^1.0.0", "1.1.0")]
    [InlineData("sample:1.x", "1.1.0")]
    [InlineData("sample:<1.1.0", "1.0.0")]
    [InlineData("sample:>=2.0.0-rc.0", "2.0.0-rc.1")]
    [InlineData("sample:2.0.0-rc.1", "2.0.0-rc.1")]
    [InlineData("other", "0.1.0")]
    public async Task A_reference_should_resolve_to_the_highest_version_it_allows(string reference, string version)
    {
        var ids = await StoreVersionsAsync();

        var (resolved, problem) = await _catalog.ResolveAsync([reference]);

        Assert.Null(problem);
        Assert.Equal([ids[version]], resolved);
    }

    [Fact]
    public async Task An_id_should_resolve_to_itself_even_when_newer_versions_exist()
    {
        var ids = await StoreVersionsAsync();

        var (resolved, problem) = await _catalog.ResolveAsync([ids["1.0.0"]]);

        Assert.Null(problem);
        Assert.Equal([ids["1.0.0"]], resolved);
    }

    [Fact]
    public async Task References_should_resolve_in_order_each_id_once()
    {
        var ids = await StoreVersionsAsync();

        var (resolved, problem) = await _catalog.ResolveAsync(["sample:1.0.0", "other", "sample", "sample:1.1.0", ids["1.1.0"]]);

        Assert.Null(problem);
        Assert.Equal([ids["1.0.0"], ids["0.1.0"], ids["1.1.0"]], resolved);
    }

    [Fact]
    public async Task No_references_should_resolve_to_no_ids()
    {
        var (resolved, problem) = await _catalog.ResolveAsync([]);

        Assert.Null(problem);
        Assert.Empty(resolved);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("sample:3")]
    [InlineData("sample:1.0.1")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffff")]
    public async Task A_reference_matching_nothing_should_be_400_naming_it(string reference)
    {
        await StoreVersionsAsync();

        var (resolved, problem) = await _catalog.ResolveAsync(["sample", reference]);

        Assert.Empty(resolved);
        Assert.Equal(RejectionKind.BadRequest, problem!.Kind);
        Assert.Equal($"No assets found for \"{reference}\"", problem.Message);
    }

    [Fact]
    public async Task A_reference_with_a_bad_range_should_be_400_naming_it()
    {
        await StoreVersionsAsync();

        var (_, problem) = await _catalog.ResolveAsync(["sample:one.two"]);

        Assert.Equal(RejectionKind.BadRequest, problem!.Kind);
        Assert.Equal("asset reference \"sample:one.two\": \"one.two\" is not a version or a semver range", problem.Message);
    }

    /// <summary>sample 1.0.0, 1.1.0 and 2.0.0-rc.1, other 0.1.0; returns their ids by version.</summary>
    private async Task<Dictionary<string, string>> StoreVersionsAsync()
    {
        var ids = new Dictionary<string, string>();
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // not in version order, and the prerelease last: "latest" must follow versions, not uploads
        (string Name, string Version)[] versions = [("sample", "1.1.0"), ("sample", "1.0.0"), ("other", "0.1.0"), ("sample", "2.0.0-rc.1")];
        foreach (var (name, version) in versions)
        {
            var zip = Zip(("asset.json", $$"""{"name":"{{name}}","version":"{{version}}"}"""));
            var info = Pass(zip);
            created = created.AddMinutes(1);
            var doc = new JsonObject
            {
                ["id"] = info.Id,
                ["name"] = name,
                ["version"] = info.Version.ToString(),
                ["_created"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            };
            Assert.True(await _store.InsertAssetAsync(doc, zip));
            ids[version] = info.Id;
        }
        return ids;
    }

    private static AssetInfo Pass(byte[] zip)
    {
        var (info, problem) = AssetBundle.Inspect(zip, Ours);
        Assert.True(problem is null, $"expected the bundle to pass, got {problem}");
        return info!;
    }

    private static void Fail(byte[] zip, RejectionKind kind, string message)
    {
        var (info, problem) = AssetBundle.Inspect(zip, Ours);
        Assert.Null(info);
        Assert.Equal(new Rejection(kind, message), problem);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }
}
