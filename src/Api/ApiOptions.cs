using System.Reflection;
using Microsoft.Extensions.Options;
using Teraslice.Akka.Protocol;

namespace Teraslice.Akka.Api;

/// <summary>Settings of the REST API, set through <see cref="TerasliceApiExtensions.AddTerasliceApi"/>.</summary>
public sealed class ApiOptions
{
    /// <summary>Reported as <c>name</c> by <c>GET /</c>.</summary>
    public string ClusterName { get; set; } = "teraslice";

    /// <summary>How long a request waits for the cluster master before answering 503.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for a blocking <c>_stop</c>, which waits until the execution is terminal.</summary>
    public TimeSpan StopAskTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Larger request bodies are refused with 413 (bodies are buffered, so keep it modest).</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Larger asset bundles (<c>POST /assets</c>) are refused with 413. Separate from
    /// <see cref="MaxBodyBytes"/>: bundles carry assemblies. The bundle reaches the cluster master in
    /// one message, so a node caps this below its remoting frame size.
    /// </summary>
    public long MaxAssetBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>The Teraslice API version we are compatible with, reported as <c>teraslice_version</c>.</summary>
    public string TerasliceVersion { get; set; } = TerasliceNames.CompatibleVersion;

    /// <summary>Our own product version, reported as <c>teraslice_akka_version</c>.</summary>
    public string Version { get; set; } = DefaultVersion();

    // "v0.1.0" from the informational version, without the "+<commit>" build metadata.
    private static string DefaultVersion()
    {
        var informational = typeof(ApiOptions).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return "v" + (plus < 0 ? informational : informational[..plus]);
    }
}

/// <summary>Checks <see cref="ApiOptions"/> at start-up; each failure names the setting to fix.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterName))
            failures.Add("ApiOptions.ClusterName must not be empty");
        if (options.AskTimeout <= TimeSpan.Zero)
            failures.Add($"ApiOptions.AskTimeout must be greater than zero; got {options.AskTimeout}");
        if (options.StopAskTimeout <= TimeSpan.Zero)
            failures.Add($"ApiOptions.StopAskTimeout must be greater than zero; got {options.StopAskTimeout}");
        if (options.MaxBodyBytes <= 0 || options.MaxBodyBytes > Array.MaxLength)
            failures.Add($"ApiOptions.MaxBodyBytes must be from 1 to {Array.MaxLength}; got {options.MaxBodyBytes}");
        if (options.MaxAssetBytes <= 0 || options.MaxAssetBytes > Array.MaxLength)
            failures.Add($"ApiOptions.MaxAssetBytes must be from 1 to {Array.MaxLength}; got {options.MaxAssetBytes}");
        if (string.IsNullOrWhiteSpace(options.TerasliceVersion))
            failures.Add("ApiOptions.TerasliceVersion must not be empty");
        if (string.IsNullOrWhiteSpace(options.Version))
            failures.Add("ApiOptions.Version must not be empty");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
