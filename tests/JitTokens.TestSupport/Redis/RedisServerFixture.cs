namespace JitTokens.TestSupport.Redis;

/// <summary>
/// One <see cref="RedisServer"/> shared by a whole test assembly. In the test project:
/// <code>[assembly: AssemblyFixture(typeof(RedisServerFixture))]</code>
/// then take <see cref="RedisServerFixture"/> in a test class's constructor and give every test its
/// own key prefix (<see cref="NewKeyPrefix"/>). Tests that stop or pause Redis start their own
/// server with <see cref="RedisServer.StartNewAsync"/> instead.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture has not started yet.");

    /// <summary>A StackExchange.Redis configuration string, e.g. for <c>JitTokens:Redis:Configuration</c>.</summary>
    public string Configuration => Server.Configuration;

    public static string NewKeyPrefix() => RedisServer.NewKeyPrefix();

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartNewAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
