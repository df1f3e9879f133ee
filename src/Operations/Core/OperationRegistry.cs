using System.Reflection;

namespace Teraslice.Akka.Operations;

/// <summary>The operations one asset bundle brings.</summary>
public sealed record AssetOperations(string Id, string Name, string Version, IReadOnlyList<OperationDefinition> Definitions);

/// <summary>
/// The operations a job can use, by <c>_op</c> name: the built-ins and those of the job's assets.
/// <c>name@asset</c>, <c>name@asset:version</c> or <c>name@&lt;asset id&gt;</c> pin an operation to
/// one asset; an unpinned name found in two assets is ambiguous; an asset's operation shadows a
/// built-in of the same name.
/// </summary>
public sealed class OperationRegistry
{
    private readonly Dictionary<string, OperationDefinition> _byName;
    private readonly IReadOnlyList<AssetOperations> _assets;

    public OperationRegistry(IEnumerable<OperationDefinition> definitions)
    {
        _byName = new Dictionary<string, OperationDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!_byName.TryAdd(definition.Name, definition))
                throw new InvalidOperationException(
                    $"Two operations are named \"{definition.Name}\": {_byName[definition.Name].GetType()} and {definition.GetType()}");
        }
        _assets = [];
    }

    private OperationRegistry(Dictionary<string, OperationDefinition> builtins, IReadOnlyList<AssetOperations> assets)
    {
        _byName = builtins;
        _assets = assets;
    }

    /// <summary>Every public, non-abstract <see cref="OperationDefinition"/> with a parameterless constructor.</summary>
    public static OperationRegistry FromAssemblies(params Assembly[] assemblies) => new(Discover(assemblies));

    /// <summary>The definitions exported by some assemblies (an asset's, say).</summary>
    public static IReadOnlyList<OperationDefinition> Discover(params Assembly[] assemblies) =>
        assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsAbstract && typeof(OperationDefinition).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (OperationDefinition)Activator.CreateInstance(t)!)
            .ToList();

    /// <summary>This registry's built-ins with these assets' operations.</summary>
    public OperationRegistry WithAssets(IEnumerable<AssetOperations> assets) => new(_byName, assets.ToList());

    public IReadOnlyCollection<OperationDefinition> All => _byName.Values;

    public IReadOnlyList<AssetOperations> Assets => _assets;

    /// <summary>
    /// The operation named <paramref name="op"/> (an API's <c>:tag</c> ignored); null when unknown.
    /// Throws <see cref="JobValidationException"/> for an ambiguous name or a pin to no asset of the job.
    /// </summary>
    public OperationDefinition? Find(string op)
    {
        var at = op.IndexOf('@');
        var namePart = at < 0 ? op : op[..at];
        var colon = namePart.IndexOf(':');
        var name = colon < 0 ? namePart : namePart[..colon];
        if (at >= 0)
        {
            var asset = PinnedAsset(op[(at + 1)..])
                ?? throw new JobValidationException($"\"{op}\" names an asset that is not one of the job's assets");
            return asset.Definitions.FirstOrDefault(d => d.Name == name);
        }
        AssetOperations? found = null;
        foreach (var asset in _assets)
        {
            if (!asset.Definitions.Any(d => d.Name == name)) continue;
            if (found is not null && found.Id != asset.Id)
                throw new JobValidationException(
                    $"Multiple assets containing the same processor name _op: \"{name}\", please specify which specific asset to use on its name");
            found = asset;
        }
        return found?.Definitions.First(d => d.Name == name) ?? _byName.GetValueOrDefault(name);
    }

    /// <summary>The asset a pin names: its id, its name, or name:version (extra :parts, an API's tag, are ignored).</summary>
    public AssetOperations? PinnedAsset(string pin)
    {
        var parts = pin.Split(':');
        var byId = _assets.FirstOrDefault(a => a.Id == parts[0]);
        if (byId is not null) return byId;
        var named = _assets.Where(a => a.Name == parts[0]).ToList();
        if (parts.Length > 1 && parts[1].Length > 0)
            named = named.Where(a => a.Version == parts[1].TrimStart('v')).ToList();
        return named.Count == 1 ? named[0] : named.OrderByDescending(a => VersionKey(a.Version)).FirstOrDefault();
    }

    /// <summary>major.minor.patch as a comparable number (1.10.0 after 1.9.0); a prerelease sorts before its release.</summary>
    private static (long, long, long, int) VersionKey(string version)
    {
        var dash = version.IndexOf('-');
        var core = (dash < 0 ? version : version[..dash]).Split('.');
        long Part(int i) => i < core.Length && long.TryParse(core[i], out var n) ? n : 0;
        return (Part(0), Part(1), Part(2), dash < 0 ? 1 : 0);
    }
}

/// <summary>Where the operations of a job come from: the built-ins, plus its assets (loaded on demand).</summary>
public interface IOperationCatalog
{
    OperationRegistry Builtins { get; }

    /// <summary>The built-ins with the operations of these assets (by id).</summary>
    ValueTask<OperationRegistry> ForAssetsAsync(IReadOnlyList<string> assetIds, CancellationToken ct);
}

/// <summary>
/// A catalog of one registry and no asset storage (tests, and nodes without asset storage);
/// <c>BuiltinOperations.Catalog</c> of Teraslice.Akka.Operations.Builtin holds the built-ins this way.
/// </summary>
public sealed class BuiltinCatalog(OperationRegistry builtins) : IOperationCatalog
{
    public OperationRegistry Builtins { get; } = builtins;

    public ValueTask<OperationRegistry> ForAssetsAsync(IReadOnlyList<string> assetIds, CancellationToken ct) =>
        assetIds.Count == 0
            ? ValueTask.FromResult(Builtins)
            : throw new JobValidationException($"this node has no asset storage, so it cannot load assets {string.Join(", ", assetIds)}");
}
