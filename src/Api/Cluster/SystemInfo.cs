using System.Runtime.InteropServices;
using System.Text.Json;

namespace Teraslice.Akka.Api.Cluster;

/// <summary>The body of <c>GET /</c>, in Node.js's spelling of architectures and platforms.</summary>
internal static class SystemInfo
{
    public static string Json(ApiOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("arch", NodeArch(RuntimeInformation.ProcessArchitecture));
            writer.WriteString("clustering_type", "native");
            writer.WriteString("name", options.ClusterName);
            writer.WriteString("node_version", "v" + Environment.Version);
            writer.WriteString("platform", NodePlatform());
            writer.WriteString("teraslice_version", options.TerasliceVersion);
            writer.WriteString("teraslice_akka_version", options.Version);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Node.js <c>process.arch</c> names.</summary>
    public static string NodeArch(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "ia32",
        Architecture.Arm or Architecture.Armv6 => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64",
        Architecture.LoongArch64 => "loong64",
        Architecture.RiscV64 => "riscv64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>Node.js <c>process.platform</c> names.</summary>
    public static string NodePlatform() =>
        OperatingSystem.IsAndroid() ? "android"
        : OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsWindows() ? "win32"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : "unknown";
}
