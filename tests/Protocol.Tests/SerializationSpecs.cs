using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Serialization;
using Xunit;

namespace Teraslice.Akka.Protocol.Tests;

public sealed class SerializationSpecs() : TestKit(Config)
{
    internal static readonly Config Config = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.teraslice = "{{typeof(TerasliceSerializer).AssemblyQualifiedName}}"
          serialization-bindings."{{typeof(ITerasliceMessage).AssemblyQualifiedName}}" = teraslice
          serialization-identifiers."{{typeof(TerasliceSerializer).AssemblyQualifiedName}}" = {{TerasliceSerializer.Id}}
          serialization-settings.allow-unregistered-types = false
        }
        """);

    private static readonly Type[] ProtocolTypes = typeof(ITerasliceMessage).Assembly.GetTypes()
        .Where(t => typeof(ITerasliceMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .ToArray();

    [Fact]
    public void Every_protocol_type_should_have_a_unique_manifest()
    {
        var missing = ProtocolTypes.Where(t => !ProtocolManifests.ByType.ContainsKey(t)).Select(t => t.Name).ToList();
        Assert.Empty(missing);
        Assert.Equal(ProtocolManifests.ByType.Count, ProtocolManifests.ByManifest.Count);
    }

    [Fact]
    public void Samples_should_cover_every_protocol_type()
    {
        var sampled = ProtocolSamples.All(TestActor).Select(m => m.GetType()).ToHashSet();
        var unsampled = ProtocolTypes.Where(t => !sampled.Contains(t)).Select(t => t.Name).ToList();
        Assert.Empty(unsampled);
    }

    public static TheoryData<string> Manifests() => new(ProtocolManifests.ByManifest.Keys);

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Each_type_should_round_trip_through_the_bound_serializer(string manifest)
    {
        var sample = ProtocolSamples.All(TestActor).Single(m => ProtocolManifests.ByType[m.GetType()] == manifest);
        var serialization = Sys.Serialization;
        var serializer = serialization.FindSerializerFor(sample);
        Assert.IsType<TerasliceSerializer>(serializer);

        var bytes = serializer.ToBinary(sample);
        var back = serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(sample.GetType(), back);
        // records holding lists compare by reference, so compare what they serialize to: a field
        // lost or changed on the way back would serialize differently
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), System.Text.Encoding.UTF8.GetString(serializer.ToBinary(back)));
    }

    [Fact]
    public void An_asset_upload_should_travel_as_the_bundle_bytes_themselves()
    {
        var zip = new byte[100_000];
        new Random(7).NextBytes(zip);
        var message = new Teraslice.Akka.Protocol.Api.UploadAsset(zip);
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);
        var back = (Teraslice.Akka.Protocol.Api.UploadAsset)Sys.Serialization.Deserialize(
            bytes, serializer.Identifier, ProtocolManifests.ByType[message.GetType()]);

        // no base64: the bundle takes its own size on a remoting frame
        Assert.Equal(zip.Length, bytes.Length);
        Assert.Equal(zip, back.Zip);
    }

    [Fact]
    public void Actor_references_should_resolve_back_to_the_same_actor()
    {
        var message = new Teraslice.Akka.Protocol.Slicing.StartSlicer("ex", 0, ExecutionRecord.Parse("""{"ex_id":"ex","job_id":"j"}"""), TestActor);
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var back = (Teraslice.Akka.Protocol.Slicing.StartSlicer)Sys.Serialization.Deserialize(
            serializer.ToBinary(message), serializer.Identifier, ProtocolManifests.ByType[message.GetType()]);
        back.Controller.Tell("ping");
        ExpectMsg("ping");
    }

    [Fact]
    public void An_unknown_manifest_should_fail_loudly()
    {
        var serializer = (TerasliceSerializer)Sys.Serialization.FindSerializerForType(typeof(ITerasliceMessage));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "nope"));
    }
}
