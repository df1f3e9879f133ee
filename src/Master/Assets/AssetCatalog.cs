using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Semver;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Master.Assets;

/// <summary>
/// The operations of asset bundles, on every node: a bundle is fetched from the state store once,
/// extracted into the node's cache folder (data-dir/assets/{id}) and its assemblies loaded into a
/// collectible <see cref="AssemblyLoadContext"/> of its own, sharing the SDK with the node.
/// Also resolves a job's asset references (id, name, name:range) to ids.
/// </summary>
public sealed class AssetCatalog(IStateStore store, string cacheDirectory, OperationRegistry builtins, ILogger<AssetCatalog> logger)
    : IOperationCatalog
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedAsset>>> _loaded = new(StringComparer.Ordinal);

    public OperationRegistry Builtins { get; } = builtins;

    public async ValueTask<OperationRegistry> ForAssetsAsync(IReadOnlyList<string> assetIds, CancellationToken ct)
    {
        if (assetIds.Count == 0) return Builtins;
        var assets = new List<AssetOperations>(assetIds.Count);
        foreach (var id in assetIds.Distinct()) assets.Add((await LoadAsync(id)).Operations);
        return Builtins.WithAssets(assets);
    }

    /// <summary>The asset's operations, loading it on first use (once per node, even when asked concurrently).</summary>
    public Task<LoadedAsset> LoadAsync(string id)
    {
        var lazy = _loaded.GetOrAdd(id, key => new Lazy<Task<LoadedAsset>>(() => LoadFromStoreAsync(key)));
        var task = lazy.Value;
        // a failed load is not cached: the next job tries again (the asset may have been re-uploaded)
        task.ContinueWith(_ => _loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedAsset>>>(id, lazy)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task;
    }

    /// <summary>Forgets a deleted asset: unloads its assemblies and removes its cached folder.</summary>
    public void Unload(string id)
    {
        if (_loaded.TryRemove(id, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            lazy.Value.Result.Context.Unload();
        try
        {
            var folder = Path.Combine(cacheDirectory, id);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not remove the cached folder of asset {AssetId}", id);
        }
    }

    /// <summary>
    /// Loads a bundle that is not stored yet, to check its assemblies load and to list its operations;
    /// everything is unloaded and removed afterwards. Null when it loads, else the problem.
    /// </summary>
    public string? CheckLoads(AssetInfo info, byte[] zip)
    {
        var folder = Path.Combine(cacheDirectory, ".check-" + Guid.NewGuid().ToString("N"));
        AssetLoadContext? context = null;
        try
        {
            Extract(zip, folder);
            context = new AssetLoadContext(info.Name + "-check", folder);
            Discover(context, folder);
            return null;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException
                                      or ReflectionTypeLoadException or InvalidOperationException or MissingMethodException)
        {
            return $"the assemblies of asset {info.Name} {info.Version} could not be loaded: {e.Message}";
        }
        finally
        {
            context?.Unload();
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a loaded assembly may hold its file until the context is collected; the folder goes with the next start
            }
        }
    }

    /// <summary>
    /// Resolves a job's <c>assets</c> entries to asset ids: an id; <c>name</c> or <c>name:latest</c> (the
    /// highest version); <c>name:range</c> (an npm-style semver range, e.g. <c>~1.2</c>, <c>0.0.1</c>).
    /// </summary>
    public async Task<(IReadOnlyList<string> Ids, Rejection? Problem)> ResolveAsync(IReadOnlyList<string> references, CancellationToken ct = default)
    {
        var ids = new List<string>();
        foreach (var reference in references)
        {
            if (reference.Length == 40 && await store.GetAssetAsync(reference, ct) is not null)
            {
                if (!ids.Contains(reference)) ids.Add(reference);
                continue;
            }
            var colon = reference.IndexOf(':');
            var name = colon < 0 ? reference : reference[..colon];
            var rangeText = colon < 0 ? "latest" : reference[(colon + 1)..];
            var candidates = await store.ListAssetsAsync(new ListQuery(0, ListQuery.MaxSize, "_created", true, false), name, null, ct);
            // latest is "*", as upstream: the highest release; a prerelease only when a range names one
            if (!SemVersionRange.TryParseNpm(rangeText == "latest" ? "*" : rangeText, out var range))
                return ([], Rejection.BadRequest($"asset reference \"{reference}\": \"{rangeText}\" is not a version or a semver range"));
            var best = candidates
                .Select(doc => (Doc: doc, Version: SemVersion.TryParse((string?)doc["version"], SemVersionStyles.Any, out var v) ? v : null))
                .Where(c => c.Version is not null && range.Contains(c.Version))
                .OrderByDescending(c => c.Version!, SemVersion.PrecedenceComparer)
                .FirstOrDefault();
            if (best.Doc is null) return ([], Rejection.BadRequest($"No assets found for \"{reference}\""));
            var id = (string)best.Doc["id"]!;
            if (!ids.Contains(id)) ids.Add(id);
        }
        return (ids, null);
    }

    private async Task<LoadedAsset> LoadFromStoreAsync(string id)
    {
        var doc = await store.GetAssetAsync(id) ?? throw new JobValidationException($"asset {id} does not exist (was it deleted?)");
        var folder = Path.Combine(cacheDirectory, id);
        if (!Directory.Exists(folder))
        {
            var zip = await store.GetAssetZipAsync(id) ?? throw new JobValidationException($"asset {id} has no bundle stored");
            // extract beside, then rename: a half-extracted folder never looks complete
            var temporary = folder + ".tmp-" + Guid.NewGuid().ToString("N");
            Extract(zip, temporary);
            try
            {
                Directory.Move(temporary, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                Directory.Delete(temporary, recursive: true); // another load won the race
            }
        }
        var name = (string)doc["name"]!;
        var version = (string)doc["version"]!;
        var context = new AssetLoadContext($"{name}-{version}-{id[..8]}", folder);
        try
        {
            var definitions = Discover(context, folder);
            logger.LogInformation("Asset {Name} {Version} ({AssetId}) loaded: {Operations}", name, version, id,
                definitions.Count == 0 ? "no operations" : string.Join(", ", definitions.Select(d => d.Name)));
            return new LoadedAsset(new AssetOperations(id, name, version, definitions), context);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static IReadOnlyList<OperationDefinition> Discover(AssetLoadContext context, string folder)
    {
        var assemblies = Directory.GetFiles(folder, "*.dll", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Where(path => !AssetLoadContext.IsShared(AssemblyName.GetAssemblyName(path)))
            .Select(context.LoadFromAssemblyPath)
            .ToArray();
        return OperationRegistry.Discover(assemblies);
    }

    private static void Extract(byte[] zip, string folder)
    {
        Directory.CreateDirectory(folder);
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(folder, entry.FullName));
            if (!target.StartsWith(root, StringComparison.Ordinal)) throw new InvalidOperationException($"unsafe path in asset bundle: {entry.FullName}");
            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(target);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }
}

/// <summary>A loaded asset: its operations and the context that holds its assemblies.</summary>
public sealed record LoadedAsset(AssetOperations Operations, AssemblyLoadContext Context);

/// <summary>
/// The assemblies of one asset version, collectible. The SDK and what the node already has (the
/// framework, Microsoft.Extensions.*, System.Text.Json) come from the node, so an asset's operations
/// derive from the same types the node uses; anything else is loaded from the asset's folder.
/// </summary>
internal sealed class AssetLoadContext(string name, string folder) : AssemblyLoadContext(name, isCollectible: true)
{
    private static readonly string[] SharedPrefixes = ["Teraslice.Akka.", "Microsoft.Extensions.", "System.", "Microsoft.", "Akka"];

    public static bool IsShared(AssemblyName name) =>
        name.Name is { } n && (n is "netstandard" or "mscorlib" || SharedPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal)));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName)) return null; // the default context: one copy of the SDK's types
        var path = Directory.GetFiles(folder, assemblyName.Name + ".dll", SearchOption.AllDirectories).FirstOrDefault();
        return path is null ? null : LoadFromAssemblyPath(path);
    }
}
