using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// Asset bundles for the specs: the sample asset of examples/sample-asset, built once per test
/// run by its own build.sh (as a user would), variants of it, and hand-made bad bundles.
/// </summary>
public static class AssetBundles
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<byte[]>> Sample = new(BuildSampleAsync);

    /// <summary>The root of the repository (where Teraslice.Akka.sln is).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The zip examples/sample-asset/build.sh made (built on first use, then reused).</summary>
    public static Task<byte[]> SampleAsync() => Sample.Value;

    /// <summary>Teraslice's asset id: the SHA-1 (hex) of the base64 text of the zip.</summary>
    public static string IdOf(byte[] zip) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(Convert.ToBase64String(zip))));

    /// <summary>A copy of <paramref name="zip"/> whose asset.json <paramref name="edit"/> changed; other entries as they were.</summary>
    public static byte[] WithManifest(byte[] zip, Action<JsonObject> edit)
    {
        using var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var entry in source.Entries)
        {
            using var stream = entry.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            var content = bytes.ToArray();
            if (entry.FullName == "asset.json")
            {
                var manifest = JsonNode.Parse(content)!.AsObject();
                edit(manifest);
                content = Encoding.UTF8.GetBytes(manifest.ToJsonString());
            }
            entries.Add((entry.FullName, content));
        }
        return Zip([.. entries]);
    }

    /// <summary>A copy of the sample named <paramref name="name"/> at <paramref name="version"/> (same operations).</summary>
    public static byte[] Named(byte[] zip, string name, string version) => WithManifest(zip, manifest =>
    {
        manifest["name"] = name;
        manifest["version"] = version;
    });

    /// <summary>The bytes of one entry of a bundle.</summary>
    public static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var stream = archive.GetEntry(name)?.Open() ?? throw new Xunit.Sdk.XunitException($"the bundle has no {name}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A zip of these entries, named exactly as given (unsafe names too).</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>POST the bytes to the asset route as curl --data-binary with an octet-stream type would.</summary>
    /// <param name="expectContinue">Send <c>Expect: 100-continue</c> (curl does for bodies over 1 MiB): the body waits for the server's go-ahead.</param>
    public static async Task<ApiResponse> UploadAsync(this TerasliceApi api, byte[] zip, string path = "/v1/assets",
        string? contentType = "application/octet-stream", bool expectContinue = false)
    {
        using var content = new ByteArrayContent(zip);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        using var response = await api.Http.SendAsync(request);
        return new ApiResponse($"POST {path} ({zip.Length} bytes, {contentType ?? "no type"})", response.StatusCode,
            await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    private static async Task<byte[]> BuildSampleAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "teraslice-it-asset-" + Guid.NewGuid().ToString("N")[..12]);
        var output = Path.Combine(folder, "sample.zip");
        var script = Path.Combine(RepositoryRoot, "examples", "sample-asset", "build.sh");
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(output);
        // the configuration this test run was built in: its SDK build is up to date already
        start.Environment["CONFIGURATION"] = typeof(AssetBundles).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        // no build servers left running after the test host (they would hold its output pipes)
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (log) log.AppendLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (log) log.AppendLine("[stderr] " + e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(BuildTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{script} did not finish within {BuildTimeout.TotalMinutes:0} min:\n{log}");
            }
        }
        try
        {
            if (process.ExitCode != 0 || !File.Exists(output))
                throw new InvalidOperationException($"{script} {output} failed with exit code {process.ExitCode}:\n{log}");
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Teraslice.Akka.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Teraslice.Akka.sln above {AppContext.BaseDirectory}");
    }
}
