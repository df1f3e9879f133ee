using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>The metadata names the standard routing operations share.</summary>
public static class RouteMetadata
{
    /// <summary>Where a router puts a record's route and where <c>routed_sender</c> reads it.</summary>
    public const string Route = "standard:route";
}

/// <summary>One field name or several (<c>"field": "a"</c> or <c>"field": ["a", "b"]</c>); remembers which was written.</summary>
[JsonConverter(typeof(FieldSelectorConverter))]
public sealed record FieldSelector(IReadOnlyList<string> Names, bool IsList)
{
    public static FieldSelector One(string name) => new([name], false);
}

/// <summary>Reads a <see cref="FieldSelector"/> from a string or an array of strings.</summary>
public sealed class FieldSelectorConverter : JsonConverter<FieldSelector>
{
    private const string Expected = "must be a string or an array of strings";

    public override FieldSelector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return FieldSelector.One(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException(Expected);
        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException(Expected);
            names.Add(reader.GetString()!);
        }
        return new FieldSelector(names, true);
    }

    public override void Write(Utf8JsonWriter writer, FieldSelector value, JsonSerializerOptions options)
    {
        if (!value.IsList)
        {
            writer.WriteStringValue(value.Names[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (var name in value.Names) writer.WriteStringValue(name);
        writer.WriteEndArray();
    }
}

/// <summary>An optional duration: milliseconds, or a text such as <c>"30 seconds"</c>.</summary>
public sealed class OptionalDurationConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var n):
                return n;
            case JsonTokenType.Number:
                return (long)Math.Round(reader.GetDouble());
            case JsonTokenType.String when Duration.TryParseMilliseconds(reader.GetString()!, out var ms):
                return ms;
            default:
                throw new JsonException("must be a duration: milliseconds, or a text such as \"5 seconds\"");
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } ms) writer.WriteNumberValue(ms);
        else writer.WriteNullValue();
    }
}

/// <summary>A number from 0 to 100 (a percentage).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PercentAttribute() : ValidationAttribute("must be a number between 0 and 100")
{
    public override bool IsValid(object? value) =>
        value is null || Convert.ToDouble(value, CultureInfo.InvariantCulture) is >= 0 and <= 100;
}

/// <summary>A list of at least one non-empty string (or of none, with <see cref="AllowNone"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonEmptyNamesAttribute : ValidationAttribute
{
    public NonEmptyNamesAttribute(bool allowNone = false)
        : base(allowNone ? "must be an array of non-empty strings" : "must be an array of at least one non-empty string") =>
        AllowNone = allowNone;

    public bool AllowNone { get; }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        IReadOnlyList<string> names => Valid(names),
        FieldSelector selector => Valid(selector.Names),
        _ => false,
    };

    private bool Valid(IReadOnlyList<string> names) =>
        (AllowNone || names.Count > 0) && names.All(n => !string.IsNullOrWhiteSpace(n));
}
