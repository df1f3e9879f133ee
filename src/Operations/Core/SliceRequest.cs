using System.Text.Json;

namespace Teraslice.Akka.Operations;

/// <summary>A slice request as a fetcher sees it: the JSON a slicer produced.</summary>
public sealed class SliceRequest
{
    /// <summary>How slice requests are written and read: snake_case property names.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private JsonDocument? _document;

    public SliceRequest(string json) => Json = json;

    /// <summary>The request's JSON text.</summary>
    public string Json { get; }

    /// <summary>The parsed request.</summary>
    public JsonElement Root => (_document ??= JsonDocument.Parse(Json)).RootElement;

    /// <summary>Reads the request into a type (snake_case properties).</summary>
    public T As<T>() => JsonSerializer.Deserialize<T>(Json, JsonOptions)
        ?? throw new JsonException($"the slice request is null, expected {typeof(T).Name}");

    /// <summary>An integer property of the request, or null when absent.</summary>
    public long? GetInt64(string name) =>
        Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : null;

    /// <summary>Writes a slicer's request object as JSON (a string is taken as JSON text already).</summary>
    public static string Serialize(object request) => request switch
    {
        string json => json,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(request, request.GetType(), JsonOptions),
    };

    public override string ToString() => Json;
}
