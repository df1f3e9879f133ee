using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Protocol.Serialization;

/// <summary>
/// The one serializer of our protocol: System.Text.Json payloads under short frozen manifests
/// (<see cref="ProtocolManifests"/>), bound to <see cref="ITerasliceMessage"/>.
/// </summary>
public sealed class TerasliceSerializer : SerializerWithStringManifest
{
    /// <summary>Serializer id (identifiers up to 100 are reserved by Akka.NET).</summary>
    public const int Id = 471;

    private readonly JsonSerializerOptions _options;

    public TerasliceSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = new JsonSerializerOptions
        {
            Converters = { new ActorRefConverter(system), new JsonStringEnumConverter() },
        };
    }

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        ProtocolManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(ProtocolManifests)}", nameof(o));

    // An asset bundle travels as its own bytes: in JSON it would be base64, a third larger on a
    // remoting frame whose size bounds the bundles a master on another node can be sent.
    public override byte[] ToBinary(object obj) => obj is UploadAsset upload
        ? upload.Zip
        : JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ProtocolManifests.ByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"Unknown manifest \"{manifest}\" for {nameof(TerasliceSerializer)}");
        if (type == typeof(UploadAsset))
            return new UploadAsset(bytes);
        return JsonSerializer.Deserialize(bytes, type, _options)
            ?? throw new SerializationException($"Manifest \"{manifest}\" deserialized to null");
    }

    /// <summary>Actor references travel as their full serialized path.</summary>
    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

        public override IActorRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var path = reader.GetString();
            return string.IsNullOrEmpty(path) ? ActorRefs.Nobody : system.Provider.ResolveActorRef(path);
        }

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(global::Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
