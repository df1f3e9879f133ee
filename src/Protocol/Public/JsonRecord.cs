using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Teraslice.Akka;

/// <summary>
/// A JSON document with its known fields read once into typed properties. The document itself is
/// kept as its text, so the record is immutable and safe to share between actors, and user fields
/// and Teraslice's shapes round-trip byte for byte. On the wire it is the JSON object itself.
/// </summary>
public abstract class JsonRecord : IEquatable<JsonRecord>
{
    // The store keeps non-ASCII text readable; a record made from a document writes it the same way.
    private static readonly JsonSerializerOptions TextOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected JsonRecord(string json) => Json = json;

    /// <summary>The document, exactly as it was given.</summary>
    public string Json { get; }

    /// <summary>A new mutable copy of the document (each call parses the text again).</summary>
    public JsonObject ToDocument() => (JsonObject)JsonNode.Parse(Json)!;

    public override string ToString() => Json;

    public bool Equals(JsonRecord? other) => other is not null && other.GetType() == GetType() && other.Json == Json;

    public override bool Equals(object? obj) => Equals(obj as JsonRecord);

    public override int GetHashCode() => Json.GetHashCode(StringComparison.Ordinal);

    /// <summary>The text of a document, written as the store writes it.</summary>
    protected static string TextOf(JsonObject document) => document.ToJsonString(TextOptions);

    /// <summary>Parses <paramref name="json"/> and reads the typed fields with <paramref name="create"/>.</summary>
    /// <exception cref="FormatException">The text is not a JSON object, or a known field has the wrong type.</exception>
    protected static T Read<T>(string json, Func<string, JsonElement, T> create)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("not a JSON object");
            return create(json, document.RootElement);
        }
    }

    /// <summary>A string field; null when absent or null.</summary>
    protected static string? String(JsonElement doc, string field) =>
        doc.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A boolean field; <paramref name="absent"/> when absent or not a boolean.</summary>
    protected static bool Bool(JsonElement doc, string field, bool absent) =>
        doc.TryGetProperty(field, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : absent;

    /// <summary>An integer field; null when absent or not an integer.</summary>
    protected static long? Integer(JsonElement doc, string field) =>
        doc.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

}

/// <summary>A record type that can be read from its JSON text (what the wire converter calls).</summary>
public interface IJsonRecord<TSelf> where TSelf : JsonRecord, IJsonRecord<TSelf>
{
    /// <exception cref="FormatException">The text is not such a record.</exception>
    static abstract TSelf Parse(string json);
}

/// <summary>Writes a <see cref="JsonRecord"/> as its JSON object, and reads one from any JSON object.</summary>
public sealed class JsonRecordConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(JsonRecord).IsAssignableFrom(typeToConvert) && !typeToConvert.IsAbstract;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : JsonRecord, IJsonRecord<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return T.Parse(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
