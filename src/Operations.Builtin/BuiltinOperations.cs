namespace Teraslice.Akka.Operations.Builtin;

/// <summary>
/// The built-in operations: every public operation definition of this assembly (the namespaces
/// <c>Builtin</c>, <c>Standard</c>, <c>Files</c> and <c>Testing</c>). A node starts from this
/// registry and adds the operations of each job's assets to it.
/// </summary>
public static class BuiltinOperations
{
    /// <summary>The built-ins by <c>_op</c> name.</summary>
    public static OperationRegistry Registry { get; } = OperationRegistry.FromAssemblies(typeof(BuiltinOperations).Assembly);

    /// <summary>A catalog of the built-ins alone, for nodes without asset storage and for tests.</summary>
    public static BuiltinCatalog Catalog { get; } = new(Registry);
}
