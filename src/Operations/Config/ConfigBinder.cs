using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Teraslice.Akka.Operations;

/// <summary>
/// Binds a JSON config (an operation's, or the job's) to its typed record with System.Text.Json
/// (snake_case names, numbers in strings accepted, unknown fields kept in the JSON but ignored),
/// then validates it with its DataAnnotations. Every error names the field and the bad value. A
/// property marked <see cref="FlattenAttribute"/> is bound from the same JSON object, field by field.
/// </summary>
public static class ConfigBinder
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static readonly RequiredAttribute IsRequired = new() { AllowEmptyStrings = false, ErrorMessage = "is required" };

    /// <summary>Binds and validates; on failure returns null and the errors ("field: problem, got value").</summary>
    public static object? Bind(Type configType, JsonObject raw, out IReadOnlyList<string> errors)
    {
        object? config;
        try
        {
            config = raw.Deserialize(configType, Options);
        }
        catch (JsonException e)
        {
            errors = [DescribeJsonError(configType, raw, e)];
            return null;
        }
        if (config is null)
        {
            errors = ["the config must be a JSON object"];
            return null;
        }
        errors = Validate(config, raw);
        return errors.Count == 0 ? config : null;
    }

    public static T? Bind<T>(JsonObject raw, out IReadOnlyList<string> errors) where T : class =>
        (T?)Bind(typeof(T), raw, out errors);

    /// <summary>
    /// The validated config as JSON: known fields normalized ("3" → 3, "2 minutes" → 120000),
    /// defaults filled, unknown fields kept; the raw config's key order, new keys appended.
    /// </summary>
    public static JsonObject WithDefaults(JsonObject raw, object config)
    {
        var merged = (JsonObject)raw.DeepClone();
        if (JsonSerializer.SerializeToNode(config, config.GetType(), Options) is not JsonObject typed) return merged;
        foreach (var (key, value) in typed)
        {
            if (value is null) continue; // absent or null in the raw config: keep what it had
            merged[key] = value.DeepClone();
        }
        return merged;
    }

    /// <summary>The wire (snake_case) name of a config property.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    /// <summary>The properties behind a config's JSON fields: its own, with each <see cref="FlattenAttribute"/> record's in its place.</summary>
    public static IEnumerable<PropertyInfo> FieldProperties(Type configType) =>
        configType.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(p =>
            p.IsDefined(typeof(FlattenAttribute)) ? FieldProperties(p.PropertyType) : [p]);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            RespectNullableAnnotations = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Flattening.Modify } },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
    /// over the config and its <c>[Flatten]</c> records as if they were one record: every property's
    /// attributes first (a record's in its place); only when all pass, each record's own rules
    /// (<see cref="IValidatableObject"/>), the config's first.
    /// </summary>
    private static List<string> Validate(object config, JsonObject raw)
    {
        var errors = new List<string>();
        var records = new List<object>();
        ValidateProperties(config, [], records, raw, errors);
        if (errors.Count > 0) return errors;
        foreach (var record in records)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(record, new ValidationContext(record), results, validateAllProperties: false);
            errors.AddRange(results.Select(r => Describe(record.GetType(), raw, r)));
        }
        return errors;
    }

    /// <summary>A record's property attributes (and the <c>[Flatten]</c> record's required ones); collects the records walked.</summary>
    private static void ValidateProperties(object record, string[] required, List<object> records, JsonObject raw, List<string> errors)
    {
        records.Add(record);
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<FlattenAttribute>() is { } flatten)
            {
                ValidateProperties(property.GetValue(record)!, flatten.Required, records, raw, errors);
                continue;
            }
            var isRequired = required.Contains(property.Name);
            if (!isRequired && !Attribute.IsDefined(property, typeof(ValidationAttribute))) continue;
            var value = property.GetValue(record);
            var results = new List<ValidationResult>();
            var context = new ValidationContext(record) { MemberName = property.Name };
            if (!isRequired || Validator.TryValidateValue(value, context, results, [IsRequired]))
                Validator.TryValidateProperty(value, context, results);
            errors.AddRange(results.Select(r => Describe(record.GetType(), raw, r)));
        }
    }

    private static string Describe(Type configType, JsonObject raw, ValidationResult result)
    {
        var member = result.MemberNames.FirstOrDefault();
        var property = member is null ? null : FieldProperties(configType).FirstOrDefault(p => p.Name == member);
        if (property is null) return result.ErrorMessage ?? "is invalid";
        var name = JsonName(property);
        return $"{name}: {result.ErrorMessage}, got {RawValue(raw, name)}";
    }

    private static string DescribeJsonError(Type configType, JsonObject raw, JsonException e)
    {
        var field = FirstPathSegment(e.Path);
        if (field is null) return $"the config could not be read: {e.Message}";
        var property = FieldProperties(configType).FirstOrDefault(p => JsonName(p) == field);
        // A converter's own message is written for users; the framework's is not.
        var problem = e.Message.StartsWith("must ", StringComparison.Ordinal)
            ? e.Message
            : property is null ? "has the wrong type" : $"must be {Describe(property.PropertyType)}";
        return $"{field}: {problem}, got {RawValue(raw, field)}";
    }

    private static string? FirstPathSegment(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var rest = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.StartsWith("$['", StringComparison.Ordinal) ? path[3..] : path;
        var end = rest.IndexOfAny(['.', '[', '\'']);
        return end < 0 ? rest : rest[..end];
    }

    private static string RawValue(JsonObject raw, string field) =>
        raw.TryGetPropertyValue(field, out var value) ? value?.ToJsonString() ?? "null" : "nothing";

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "a boolean (true or false)";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return "an integer";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
        if (type == typeof(JsonObject) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))) return "an object";
        if (type.IsArray || typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return "an array";
        return "an object";
    }
}
