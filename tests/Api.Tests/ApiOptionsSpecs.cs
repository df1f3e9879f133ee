using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Api.Tests.Support;

namespace Teraslice.Akka.Api.Tests;

public sealed class ApiOptionsSpecs
{
    [Fact]
    public void ApiOptions_should_have_the_documented_defaults()
    {
        var options = new ApiOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.AskTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.StopAskTimeout);
        Assert.Equal(16L * 1024 * 1024, options.MaxBodyBytes);
        Assert.Equal(256L * 1024 * 1024, options.MaxAssetBytes);
        Assert.Equal("v3.18.0", options.TerasliceVersion);
        Assert.False(string.IsNullOrWhiteSpace(options.ClusterName));
        Assert.Matches(@"^v\d+\.\d+\.\d+[^+]*$", options.Version);
    }

    [Fact]
    public async Task A_host_with_bad_options_should_fail_to_start_naming_each_setting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMasterClient>(new FakeMasterClient());
        builder.Services.AddTerasliceApi(options =>
        {
            options.ClusterName = " ";
            options.AskTimeout = TimeSpan.Zero;
            options.StopAskTimeout = TimeSpan.FromSeconds(-1);
            options.MaxBodyBytes = 0;
            options.MaxAssetBytes = -1;
        });
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapTerasliceApi();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ApiOptions.ClusterName", error.Message);
        Assert.Contains("ApiOptions.AskTimeout", error.Message);
        Assert.Contains("ApiOptions.StopAskTimeout", error.Message);
        Assert.Contains("ApiOptions.MaxBodyBytes", error.Message);
        Assert.Contains("ApiOptions.MaxAssetBytes", error.Message);
    }

    [Fact]
    public async Task MapTerasliceApi_should_say_when_AddTerasliceApi_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapTerasliceApi());

        Assert.Contains("AddTerasliceApi", error.Message);
    }

    [Fact]
    public void AddTerasliceApi_should_register_the_actor_master_client_by_default()
    {
        var services = new ServiceCollection().AddTerasliceApi(_ => { });

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IMasterClient));
        Assert.Equal(typeof(ActorMasterClient), descriptor.ImplementationType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public void AddTerasliceApi_should_keep_a_master_client_registered_before_it()
    {
        var fake = new FakeMasterClient();
        var services = new ServiceCollection().AddSingleton<IMasterClient>(fake).AddTerasliceApi(_ => { });

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IMasterClient));
        Assert.Same(fake, descriptor.ImplementationInstance);
    }
}
