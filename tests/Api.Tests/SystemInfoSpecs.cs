using System.Runtime.InteropServices;
using Teraslice.Akka.Api.Cluster;

namespace Teraslice.Akka.Api.Tests;

public sealed class SystemInfoSpecs
{
    [Theory]
    [InlineData(Architecture.X64, "x64")]
    [InlineData(Architecture.Arm64, "arm64")]
    [InlineData(Architecture.X86, "ia32")]
    [InlineData(Architecture.Arm, "arm")]
    [InlineData(Architecture.Ppc64le, "ppc64")]
    [InlineData(Architecture.S390x, "s390x")]
    [InlineData(Architecture.RiscV64, "riscv64")]
    [InlineData(Architecture.LoongArch64, "loong64")]
    public void NodeArch_should_use_nodejs_names(Architecture architecture, string expected) =>
        Assert.Equal(expected, SystemInfo.NodeArch(architecture));

    [Fact]
    public void NodePlatform_should_use_nodejs_names()
    {
        var expected = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsMacOS() ? "darwin"
            : OperatingSystem.IsWindows() ? "win32"
            : null;
        if (expected is not null)
            Assert.Equal(expected, SystemInfo.NodePlatform());
        Assert.DoesNotContain(SystemInfo.NodePlatform(), new[] { "Linux", "OSX", "Windows" });
    }
}
