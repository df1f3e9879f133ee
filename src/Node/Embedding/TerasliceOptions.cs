using System.Collections;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Operations;

namespace Teraslice.Akka;

/// <summary>
/// A node for <c>services.AddTeraslice(...)</c>: its settings (the executable's defaults; change them
/// with <c>with</c>), extra HOCON, and operations written in code.
/// </summary>
public sealed class TerasliceOptions
{
    private readonly List<OperationDefinition> _operations = [];

    /// <summary>The node's settings; defaults as the <c>teraslice</c> executable's (hocon/teraslice.conf).</summary>
    public TerasliceSettings Settings { get; set; } = SettingsLoader.Load(null, new Hashtable(), new Dictionary<string, string>()).Settings;

    /// <summary>HOCON over everything else (<c>akka.*</c> tuning, <c>teraslice.master|controller|slicer</c>), or null.</summary>
    public string? Hocon { get; set; }

    /// <summary>Operations registered in code, next to the built-ins.</summary>
    public IReadOnlyList<OperationDefinition> Operations => _operations;

    /// <summary>Registers an operation written in code (no asset bundle needed).</summary>
    public TerasliceOptions AddOperation<TDefinition>() where TDefinition : OperationDefinition, new()
    {
        _operations.Add(new TDefinition());
        return this;
    }
}
