using JitTokens.Core.Storage;
using JitTokens.TestSupport.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JitTokens.Storage.Redis.Tests;

public sealed class RedisServiceCollectionExtensionsTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddRedisJitStore_BindsTheSectionAndResolvesAWorkingRedisStore()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var provider = BuildProvider(new()
        {
            ["JitTokens:Redis:Configuration"] = redis.Configuration,
            ["JitTokens:Redis:KeyPrefix"] = prefix,
            ["JitTokens:Redis:OperationTimeout"] = "00:00:05",
        });

        var store = provider.GetRequiredService<IJitStore>();
        await store.CheckWritableAsync(Ct);

        Assert.IsType<RedisJitStore>(store);
        Assert.Same(store, provider.GetRequiredService<IJitStore>());
        var options = provider.GetRequiredService<IOptions<RedisStoreOptions>>().Value;
        Assert.Equal(prefix, options.KeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.OperationTimeout);
        Assert.Equal(1L, await redis.Server.ExecuteAsync(["EXISTS", prefix + "health"], Ct));
    }

    [Fact]
    public async Task AddRedisJitStore_MissingConfiguration_FailsStartupValidationWithTheFixIt()
    {
        await using var provider = BuildProvider([]);

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("JitTokens:Redis:Configuration is not set", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRedisJitStore_StoreAlreadyRegistered_KeepsTheEarlierOne()
    {
        var services = new ServiceCollection().AddSingleton(TimeProvider.System);
        services.AddSingleton<IJitStore>(new InMemoryJitStore(TimeProvider.System));

        services.AddRedisJitStore(Section(new() { ["JitTokens:Redis:Configuration"] = redis.Configuration }));
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryJitStore>(provider.GetRequiredService<IJitStore>());
    }

    [Fact]
    public async Task DisposingTheContainer_ClosesTheConnection()
    {
        var provider = BuildProvider(new() { ["JitTokens:Redis:Configuration"] = redis.Configuration, ["JitTokens:Redis:KeyPrefix"] = RedisServerFixture.NewKeyPrefix() });
        var store = provider.GetRequiredService<IJitStore>();
        await store.CheckWritableAsync(Ct);

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CheckWritableAsync(Ct));
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
        => new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddRedisJitStore(Section(settings))
            .BuildServiceProvider();

    private static IConfigurationSection Section(Dictionary<string, string?> settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("JitTokens:Redis");
}
