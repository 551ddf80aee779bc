namespace JitTokens.Cli.Tests.Support;

/// <summary>One real dev server per test class (<c>IClassFixture&lt;DevServerFixture&gt;</c>).</summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private DevServerProcess? _server;

    public DevServerProcess Server => _server ?? throw new InvalidOperationException("the fixture is not initialised");

    public Uri Url => Server.Url;

    public async ValueTask InitializeAsync()
        => _server = await DevServerProcess.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
