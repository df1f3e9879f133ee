namespace Teraslice.Akka.Bench;

/// <summary>Finds the node to run end to end; the harness builds nothing (scripts/bench.sh does).</summary>
public static class NodeBuild
{
    private const string DefaultDll = "src/Node.Host/bin/Release/net10.0/teraslice.dll";

    /// <summary>The node's dll, or null (with the reason and the fix on <paramref name="log"/>).</summary>
    public static string? Locate(string? given, TextWriter log)
    {
        var repo = RepoRoot();
        var dll = given is not null ? Path.GetFullPath(given) : repo is null ? null : Path.Combine(repo.FullName, DefaultDll);
        if (dll is null || !File.Exists(dll))
        {
            log.WriteLine($"error: the node {dll ?? DefaultDll} is missing. Build it with `dotnet build src/Node.Host -c Release` " +
                          "from the repository root, or run `scripts/bench.sh`, which builds Release and then runs this harness; " +
                          "or give another build with --node PATH/teraslice.dll.");
            return null;
        }
        log.WriteLine($"node: {dll} (built {File.GetLastWriteTimeUtc(dll):u})");
        // a stale node measures old code: say so rather than silently benchmark it
        if (given is null && repo is not null)
        {
            var newest = Directory.EnumerateFiles(Path.Combine(repo.FullName, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .Select(f => (Path: f, Time: File.GetLastWriteTimeUtc(f)))
                .MaxBy(f => f.Time);
            // the executable is recompiled only when the host's own code changes: the build is as new as its newest own assembly
            var built = Directory.EnumerateFiles(Path.GetDirectoryName(dll)!, "Teraslice.Akka.*.dll")
                .Append(dll)
                .Max(File.GetLastWriteTimeUtc);
            if (newest.Time > built)
                log.WriteLine($"warning: {Path.GetRelativePath(repo.FullName, newest.Path)} is newer than the node build; " +
                              "rebuild with `dotnet build src/Node.Host -c Release` (scripts/bench.sh does)");
        }
        return dll;
    }

    /// <summary>The directory holding Teraslice.Akka.sln, above the working directory or the harness's binaries.</summary>
    private static DirectoryInfo? RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Teraslice.Akka.sln"))) return dir;
        return null;
    }
}
