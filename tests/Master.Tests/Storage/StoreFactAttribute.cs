using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Teraslice.Akka.Master.Tests.Storage;

/// <summary>
/// Marks a test class whose <see cref="StoreFactAttribute"/> and <see cref="StoreTheoryAttribute"/> tests
/// are skipped, with <see cref="Reason"/>, when the environment variable <see cref="Name"/> is empty.
/// On the class, not the method, because the store specs are inherited from one abstract base.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string name, string reason) : Attribute
{
    public string Name { get; } = name;
    public string Reason { get; } = reason;

    /// <summary>The skip reason for a test of this class, or null when it can run.</summary>
    internal static string? SkipReasonFor(ITestMethod method)
    {
        foreach (var attribute in method.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)))
        {
            var arguments = attribute.GetConstructorArguments().ToArray();
            var variable = (string)arguments[0];
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
                return $"{variable} is not set: {(string)arguments[1]}";
        }
        return null;
    }
}

/// <summary>A fact that honours the class's <see cref="RequiresEnvironmentVariableAttribute"/>.</summary>
[XunitTestCaseDiscoverer("Teraslice.Akka.Master.Tests.Storage.StoreFactDiscoverer", "Teraslice.Akka.Master.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>A theory that honours the class's <see cref="RequiresEnvironmentVariableAttribute"/>.</summary>
[XunitTestCaseDiscoverer("Teraslice.Akka.Master.Tests.Storage.StoreTheoryDiscoverer", "Teraslice.Akka.Master.Tests")]
public sealed class StoreTheoryAttribute : TheoryAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        RequiresEnvironmentVariableAttribute.SkipReasonFor(testMethod) is { } reason
            ? [Skipped(_sink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);

    internal static IXunitTestCase Skipped(
        IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod method, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason);
}

public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    // One skipped case per theory, so the data is not enumerated for nothing.
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        RequiresEnvironmentVariableAttribute.SkipReasonFor(testMethod) is { } reason
            ? [StoreFactDiscoverer.Skipped(_sink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}
