using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Teraslice.Akka.Api;
using Teraslice.Akka.Master.Storage;
using Teraslice.Akka.Node.Hosting;
using Teraslice.Akka.Operations;
using Teraslice.Akka.Operations.Builtin;
using Teraslice.Akka.Protocol;

namespace Teraslice.Akka.PublicApi.Tests;

/// <summary>
/// The public surface of every package, held against <c>ApprovedApi/{assembly}.txt</c>: a change
/// fails with its diff and leaves <c>{assembly}.received.txt</c> beside the approved file; when the
/// change is meant, <c>TERASLICE_APPROVE_API=1 dotnet test tests/PublicApi.Tests</c> rewrites the
/// approved files, to be committed with it.
/// </summary>
public sealed class PublicApiSpecs
{
    private const string ApproveVariable = "TERASLICE_APPROVE_API";

    private static readonly IReadOnlyDictionary<string, Assembly> Packages = new[]
    {
        typeof(TerasliceNames).Assembly,
        typeof(OperationRegistry).Assembly,
        typeof(BuiltinOperations).Assembly,
        typeof(StateStoreExtensions).Assembly,
        typeof(ApiOptions).Assembly,
        typeof(TerasliceHostingExtensions).Assembly,
        typeof(Teraslice.Akka.TerasliceHttpClient).Assembly,
    }.ToDictionary(a => a.GetName().Name!);

    public static TheoryData<string> PackageNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in Packages.Keys.Order(StringComparer.Ordinal)) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Public_api_should_match_the_approved_file(string assembly)
    {
        var received = Normalize(Packages[assembly].GeneratePublicApi());
        var approvedPath = Path.Combine(ApprovedDirectory(), assembly + ".txt");
        var receivedPath = Path.Combine(ApprovedDirectory(), assembly + ".received.txt");

        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of {assembly} is not the approved one ({approvedPath}{(File.Exists(approvedPath) ? "" : ": missing")}).\n" +
            $"- approved, + received:\n{LineDiff.Render(approved, received)}\n" +
            $"The received API is in {receivedPath}. If the change is meant, approve it with " +
            $"`{ApproveVariable}=1 dotnet test tests/PublicApi.Tests` and commit the approved file; " +
            "a package's users see every line of it.");
    }

    [Fact]
    public void Line_diff_should_show_the_changed_lines_with_context()
    {
        var diff = LineDiff.Render("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n");

        Assert.Equal(
            """
            @@ line 1 @@
              a
            - b
            + B
              c
              d
            @@ line 9 @@
              i
              j
            + k

            """.ReplaceLineEndings("\n"),
            diff);
    }

    private static string Normalize(string api) => api.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string ApprovedDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "ApprovedApi");
}
