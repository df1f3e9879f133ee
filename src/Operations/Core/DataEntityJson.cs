using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Teraslice.Akka.Operations;

/// <summary>
/// JSON in and out of records, at the edges of a pipeline (readers, senders, stdout). Objects
/// become <see cref="DataEntity"/> (nested ones too), arrays <c>List&lt;object?&gt;</c>, integers
/// <c>long</c>, other numbers <c>double</c>.
/// </summary>
public static class DataEntityJson
{
    private static readonly JsonWriterOptions CompactWriter = new() { SkipValidation = true };

    /// <summary>Parses one JSON object into a record.</summary>
    public static DataEntity Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a JSON object");
        var entity = ReadObject(ref reader);
        // the reader stops at the object's end; reading on makes it reject anything but whitespace after it
        if (reader.Read()) throw new JsonException("unexpected data after the JSON object");
        return entity;
    }

    public static DataEntity Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Converts a parsed JSON object into a record.</summary>
    public static DataEntity FromNode(JsonObject node)
    {
        var entity = new DataEntity(node.Count);
        foreach (var (key, value) in node) entity.Set(key, FromNode(value));
        return entity;
    }

    /// <summary>Writes one record as a compact JSON object.</summary>
    public static string Serialize(DataEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter)) Write(writer, entity);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, DataEntity entity)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in entity)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double: writer.WriteNullValue(); break; // NaN/Infinity have no JSON form (JSON.stringify writes null)
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case float: writer.WriteNullValue(); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case short or byte or sbyte or ushort or uint: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case DateTime dt: writer.WriteStringValue(FormatDate(dt)); break;
            case DateTimeOffset dto: writer.WriteStringValue(FormatDate(dto.UtcDateTime)); break;
            case Guid g: writer.WriteStringValue(g); break;
            case DataEntity nested: Write(writer, nested); break;
            case JsonNode node: node.WriteTo(writer); break;
            case JsonElement element: element.WriteTo(writer); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteValue(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType());
                break;
        }
    }

    /// <summary>ISO-8601 UTC with milliseconds, as JavaScript's Date.toISOString writes it.</summary>
    public static string FormatDate(DateTime value) => IsoDate.Format(value);

    private static DataEntity ReadObject(ref Utf8JsonReader reader)
    {
        var entity = new DataEntity();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return entity;
            var key = reader.GetString()!;
            reader.Read();
            entity.Set(key, ReadValue(ref reader));
        }
        throw new JsonException("unterminated JSON object");
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: return ReadObject(ref reader);
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadValue(ref reader));
                return list;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number:
                // (object) on both arms: a bare ?: would unify long and double into double
                return reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble();
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Null: return null;
            default: throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>A JSON value as a record value (objects become <see cref="DataEntity"/>).</summary>
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => FromNode(o),
        JsonArray a => a.Select(FromNode).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // a value built in code (JsonValue.Create(5)) only converts to its own type, so go through its element
            JsonValueKind.Number => v.TryGetValue<JsonElement>(out var e) || (e = JsonSerializer.SerializeToElement(v)).ValueKind == JsonValueKind.Number
                ? (e.TryGetInt64(out var l) ? (object)l : e.GetDouble())
                : null,
            _ => null,
        },
        _ => null,
    };
}
