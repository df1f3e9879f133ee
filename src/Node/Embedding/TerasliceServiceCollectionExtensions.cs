using System.Collections;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teraslice.Akka.Node.Configuration;
using Teraslice.Akka.Node.Hosting;

namespace Teraslice.Akka;

/// <summary>
/// <c>services.AddTeraslice(...)</c> for a service that embeds a node: the whole node (storage, its
/// ActorSystem, the cluster master, slicers and worker slots) and an <see cref="ITerasliceClient"/>
/// in dependency injection. The REST API is the host's choice (<c>AddTerasliceApi</c>, <c>MapTerasliceApi</c>).
/// </summary>
public static class TerasliceServiceCollectionExtensions
{
    /// <summary>Adds a node configured in code.</summary>
    public static IServiceCollection AddTeraslice(this IServiceCollection services, Action<TerasliceOptions> configure)
    {
        var options = new TerasliceOptions();
        configure(options);
        return services.AddTeraslice(options.Settings,
            options.Hocon is { Length: > 0 } hocon ? ConfigurationFactory.ParseString(hocon) : null, options.Operations);
    }

    /// <summary>
    /// Adds a node configured by a configuration section (appsettings.json, environment, ...): the
    /// keys of the executable's flags (<c>workers</c>, <c>data-dir</c>, <c>seed-nodes</c>, ...; also as
    /// <c>Workers</c>, <c>DataDir</c>, <c>SeedNodes</c>), checked as the executable checks them; lists as
    /// comma-separated text or as a section's children. <paramref name="configure"/> may add operations.
    /// </summary>
    /// <exception cref="SettingsException">A value is not valid; the message names the key.</exception>
    public static IServiceCollection AddTeraslice(this IServiceCollection services, IConfiguration section, Action<TerasliceOptions>? configure = null)
    {
        var values = new Dictionary<string, string>();
        foreach (var (key, isList) in SettingsLoader.Keys)
        {
            var entry = section.GetSection(key) is { } kebab && (kebab.Value is not null || kebab.GetChildren().Any()) ? kebab : section.GetSection(Pascal(key));
            var value = isList && entry.Value is null && entry.GetChildren().Any()
                ? string.Join(',', entry.GetChildren().Select(c => c.Value))
                : entry.Value;
            if (value is not null) values[key] = value;
        }
        var (settings, _) = SettingsLoader.Load(null, new Hashtable(), values);
        var options = new TerasliceOptions { Settings = settings };
        configure?.Invoke(options);
        return services.AddTeraslice(options.Settings,
            options.Hocon is { Length: > 0 } hocon ? ConfigurationFactory.ParseString(hocon) : null, options.Operations);
    }

    private static string Pascal(string key) => string.Concat(key.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
