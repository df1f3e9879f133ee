namespace Teraslice.Akka.Master.Hosting;

/// <summary>Writing values into HOCON text (the node's settings overrides, its persistence values).</summary>
public static class HoconText
{
    /// <summary>A HOCON string literal.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
