using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.TestKit.Xunit2;
using Teraslice.Akka.Protocol.Serialization;
using Teraslice.Akka.Protocol.Slicing;
using Xunit;

namespace Teraslice.Akka.Protocol.Tests;

/// <summary>
/// Users' journals outlive our code: every persisted type (the slicer's events and its snapshot)
/// has its bytes as an earlier version wrote them frozen in <c>Frozen/slicer-journal.json</c>, and
/// they must still deserialize to what they said. A change that renames, retypes or drops a
/// persisted field fails here. New types are frozen once with <c>TERASLICE_FREEZE_JOURNAL=1</c>;
/// what is frozen is never rewritten.
/// </summary>
public sealed class JournalCompatibilitySpecs() : TestKit(SerializationSpecs.Config)
{
    private const string FreezeVariable = "TERASLICE_FREEZE_JOURNAL";
    private static readonly string FrozenPath = Path.Combine(AppContext.BaseDirectory, "Frozen", "slicer-journal.json");

    public static TheoryData<string> PersistedManifests() => new(ProtocolManifests.ByType
        .Where(e => typeof(ISlicerEvent).IsAssignableFrom(e.Key) || e.Key == typeof(SlicerSnapshot))
        .Select(e => e.Value));

    [Theory]
    [MemberData(nameof(PersistedManifests))]
    public void Frozen_bytes_should_still_deserialize_to_what_they_said(string manifest)
    {
        var frozen = Frozen();
        Assert.True(frozen.TryGetPropertyValue(manifest, out var payload),
            $"{ProtocolManifests.ByManifest[manifest].Name} ({manifest}) is persisted but has no frozen bytes: run the tests once with {FreezeVariable}=1 and commit Frozen/slicer-journal.json");
        var serializer = Serializer();

        var back = serializer.FromBinary(Encoding.UTF8.GetBytes((string)payload!), manifest);

        Assert.IsType(ProtocolManifests.ByManifest[manifest], back);
        var said = JsonNode.Parse((string)payload!)!;
        var reads = JsonNode.Parse(serializer.ToBinary(back))!;
        ShouldContain(said, reads, manifest);
    }

    [Theory]
    [MemberData(nameof(PersistedManifests))]
    public void Events_written_before_schema_versions_should_read_as_schema_1(string manifest)
    {
        var payload = (string)Frozen()[manifest]!;
        Assert.DoesNotContain("\"Schema\"", payload);

        var back = Serializer().FromBinary(Encoding.UTF8.GetBytes(payload), manifest);

        Assert.Equal(1, Assert.IsAssignableFrom<IPersistedSlicerState>(back).Schema);
    }

    [Fact]
    public void Every_persisted_type_should_write_the_current_schema()
    {
        var serializer = Serializer();
        foreach (var sample in ProtocolSamples.All(TestActor).OfType<IPersistedSlicerState>())
        {
            var written = JsonNode.Parse(serializer.ToBinary(sample))!;
            Assert.Equal(SlicerSchema.Current, (int)written["Schema"]!);
        }
    }

    /// <summary>Adds the bytes of persisted types not frozen yet (run with TERASLICE_FREEZE_JOURNAL=1); never rewrites one.</summary>
    [Fact]
    public void Freeze_new_persisted_types_when_asked()
    {
        if (Environment.GetEnvironmentVariable(FreezeVariable) != "1") return;
        var source = Path.Combine(SourceFolder(), "Frozen", "slicer-journal.json");
        var frozen = File.Exists(source) ? JsonNode.Parse(File.ReadAllText(source))!.AsObject() : new JsonObject();
        var serializer = Serializer();
        foreach (var sample in ProtocolSamples.All(TestActor).Where(m => m is ISlicerEvent or SlicerSnapshot))
        {
            var manifest = ProtocolManifests.ByType[sample.GetType()];
            if (!frozen.ContainsKey(manifest)) frozen[manifest] = Encoding.UTF8.GetString(serializer.ToBinary(sample));
        }
        File.WriteAllText(source, frozen.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    private static JsonObject Frozen() =>
        File.Exists(FrozenPath) ? JsonNode.Parse(File.ReadAllText(FrozenPath))!.AsObject() : new JsonObject();

    private TerasliceSerializer Serializer() => Assert.IsType<TerasliceSerializer>(
        Sys.Serialization.FindSerializerForType(typeof(ITerasliceMessage)));

    /// <summary>Every value <paramref name="said"/> holds is in <paramref name="reads"/>, at the same place (new fields may be added).</summary>
    private static void ShouldContain(JsonNode? said, JsonNode? reads, string path)
    {
        switch (said)
        {
            case JsonObject o:
                var r = Assert.IsType<JsonObject>(reads);
                foreach (var (key, value) in o)
                {
                    Assert.True(r.ContainsKey(key), $"{path}.{key} was persisted but is no longer read back");
                    ShouldContain(value, r[key], $"{path}.{key}");
                }
                break;
            case JsonArray a:
                var ra = Assert.IsType<JsonArray>(reads);
                Assert.True(a.Count == ra.Count, $"{path}: {a.Count} items persisted, {ra.Count} read back");
                for (var i = 0; i < a.Count; i++) ShouldContain(a[i], ra[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(said, reads), $"{path}: persisted {said?.ToJsonString() ?? "null"}, read back {reads?.ToJsonString() ?? "null"}");
                break;
        }
    }

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
