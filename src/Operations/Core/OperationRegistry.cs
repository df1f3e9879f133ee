using System.Reflection;

namespace Teraslice.Akka.Operations;

/// <summary>The operations a node knows, by <c>_op</c> name.</summary>
public sealed class OperationRegistry
{
    private readonly Dictionary<string, OperationDefinition> _byName;

    public OperationRegistry(IEnumerable<OperationDefinition> definitions)
    {
        _byName = new Dictionary<string, OperationDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!_byName.TryAdd(definition.Name, definition))
                throw new InvalidOperationException(
                    $"Two operations are named \"{definition.Name}\": {_byName[definition.Name].GetType()} and {definition.GetType()}");
        }
    }

    /// <summary>The built-in operations of this assembly.</summary>
    public static OperationRegistry Builtins { get; } = FromAssemblies(typeof(OperationRegistry).Assembly);

    /// <summary>Every public, non-abstract <see cref="OperationDefinition"/> with a parameterless constructor.</summary>
    public static OperationRegistry FromAssemblies(params Assembly[] assemblies) =>
        new(assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsAbstract && typeof(OperationDefinition).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (OperationDefinition)Activator.CreateInstance(t)!));

    public IReadOnlyCollection<OperationDefinition> All => _byName.Values;

    /// <summary>The operation named <paramref name="op"/>, ignoring an <c>@asset</c> pin and an API's <c>:tag</c>; null when unknown.</summary>
    public OperationDefinition? Find(string op)
    {
        var end = op.IndexOfAny(['@', ':']);
        var name = end < 0 ? op : op[..end];
        return _byName.GetValueOrDefault(name);
    }
}
