using JitTokens.Core.Audit;
using JitTokens.Core.Storage;
using JitTokens.TestSupport.Audit;
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

    [Fact]
    public async Task AddRedisAuditLog_AfterAddRedisJitStore_ResolvesOneRedisAuditLogUnderTheStoresPrefix()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddRedisJitStore(Section(new() { ["JitTokens:Redis:Configuration"] = redis.Configuration, ["JitTokens:Redis:KeyPrefix"] = prefix }))
            .AddRedisAuditLog()
            .BuildServiceProvider();

        var log = provider.GetRequiredService<IAuditLog>();
        await log.AppendAsync(AuditRecords.Batch("a", 1), Ct);

        Assert.IsType<RedisAuditLog>(log);
        Assert.Same(log, provider.GetRequiredService<IAuditLog>());
        Assert.Equal("1", await redis.Server.ExecuteAsync(["HGET", prefix + "audit-head", "seq"], Ct));
    }

    [Fact]
    public async Task AddRedisAuditLog_LogAlreadyRegistered_KeepsTheEarlierOne()
    {
        var directory = Directory.CreateTempSubdirectory("jit-audit-");
        try
        {
            var services = new ServiceCollection().AddSingleton(TimeProvider.System);
            services.AddSingleton<IAuditLog>(_ => new FileAuditLog(Path.Combine(directory.FullName, "audit.ndjson")));

            services.AddRedisJitStore(Section(new() { ["JitTokens:Redis:Configuration"] = redis.Configuration })).AddRedisAuditLog();
            await using var provider = services.BuildServiceProvider();

            Assert.IsType<FileAuditLog>(provider.GetRequiredService<IAuditLog>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AddRedisAuditLog_WithoutTheRedisSection_FailsStartupValidationWithTheFixIt()
    {
        await using var provider = new ServiceCollection().AddSingleton(TimeProvider.System).AddRedisAuditLog().BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("JitTokens:Redis:Configuration is not set", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
        => new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddRedisJitStore(Section(settings))
            .BuildServiceProvider();

    private static IConfigurationSection Section(Dictionary<string, string?> settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("JitTokens:Redis");
}
