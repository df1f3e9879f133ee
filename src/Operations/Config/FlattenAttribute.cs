using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Teraslice.Akka.Operations;

/// <summary>
/// Marks a config property holding a record of settings several configs share (an operation's
/// and an API's, say): its fields sit flat in the config's JSON object, not under the property's
/// name, and <see cref="ConfigBinder"/> reads, validates and writes them as the config's own. The
/// property must be a class with an initializer (<c>= new()</c>); the record's defaults are the
/// fields' defaults.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FlattenAttribute : Attribute
{
    /// <summary>Properties of the record this config requires (checked as <c>[Required(ErrorMessage = "is required")]</c> on them).</summary>
    public string[] Required { get; set; } = [];
}

/// <summary>The System.Text.Json side of <see cref="FlattenAttribute"/>: the record's properties move up into the config's contract.</summary>
internal static class Flattening
{
    public static void Modify(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var outer = info.Properties[i];
            if (outer.AttributeProvider is not PropertyInfo property || property.GetCustomAttribute<FlattenAttribute>() is not { } flatten) continue;
            if (property.PropertyType.IsValueType || outer.Get is not { } get)
                throw new InvalidOperationException($"{info.Type.Name}.{property.Name}: a [Flatten] property must be a class with a getter");
            if (flatten.Required.FirstOrDefault(n => property.PropertyType.GetProperty(n) is null) is { } unknown)
                throw new InvalidOperationException($"{info.Type.Name}.{property.Name}: [Flatten] requires \"{unknown}\", which {property.PropertyType.Name} does not have");
            Func<object, object> record = o => get(o) ?? throw new InvalidOperationException(
                $"{info.Type.Name}.{property.Name} is null: a [Flatten] property needs an initializer (= new())");
            info.Properties.RemoveAt(i);
            var inner = info.Options.GetTypeInfo(property.PropertyType).Properties;
            for (var k = 0; k < inner.Count; k++) info.Properties.Insert(i + k, Forward(info, inner[k], record));
        }
    }

    /// <summary>The record's property as one of the config's, reading and writing the record the config holds.</summary>
    private static JsonPropertyInfo Forward(JsonTypeInfo info, JsonPropertyInfo inner, Func<object, object> record)
    {
        var flat = info.CreateJsonPropertyInfo(inner.PropertyType, inner.Name);
        flat.AttributeProvider = inner.AttributeProvider;
        flat.CustomConverter = inner.CustomConverter;
        flat.NumberHandling = inner.NumberHandling;
        flat.ObjectCreationHandling = inner.ObjectCreationHandling;
        flat.IsRequired = inner.IsRequired;
        flat.IsGetNullable = inner.IsGetNullable;
        flat.IsSetNullable = inner.IsSetNullable;
        flat.Order = inner.Order;
        if (inner.Get is { } get) flat.Get = o => get(record(o));
        if (inner.Set is { } set) flat.Set = (o, value) => set(record(o), value);
        if (inner.ShouldSerialize is { } should) flat.ShouldSerialize = (o, value) => should(record(o), value);
        return flat;
    }
}
