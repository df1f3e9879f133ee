using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Teraslice.Akka.Operations;

// Validation attributes with Teraslice's wording. Messages are completed by the binder as
// "<field>: <message>, got <value>".

/// <summary>An integer ≥ 1 (Teraslice's <c>positive_int</c>); null passes (use on optional values).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute() : ValidationAttribute("must be a positive integer")
{
    public override bool IsValid(object? value) => value is null || Convert.ToDouble(value, CultureInfo.InvariantCulture) >= 1;
}

/// <summary>A number ≥ 0 (Teraslice's <c>nat</c>); null passes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonNegativeAttribute() : ValidationAttribute("must be zero or a positive number")
{
    public override bool IsValid(object? value) => value is null || Convert.ToDouble(value, CultureInfo.InvariantCulture) >= 0;
}

/// <summary>A string from a fixed set (case-sensitive); null passes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] allowed) : ValidationAttribute($"must be one of: {string.Join(", ", allowed)}")
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    public override bool IsValid(object? value) => value is null || (value is string s && allowed.Contains(s, StringComparer.Ordinal));
}

/// <summary>A non-empty string when present; null passes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonEmptyAttribute() : ValidationAttribute("must be a non-empty string")
{
    public override bool IsValid(object? value) => value is null || (value is string s && s.Trim().Length > 0);
}
