using JitTokens.Abstractions.Wire;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Client.Tests.Support;

/// <summary>A client for the class's real dev server, and the steps most tests start with.</summary>
public abstract class ServerClientTestBase : IClassFixture<DevServerFixture>, IDisposable
{
    private readonly HttpClient _http;

    protected ServerClientTestBase(DevServerFixture fixture)
    {
        Fixture = fixture;
        _http = new HttpClient { BaseAddress = fixture.Url, Timeout = TimeSpan.FromSeconds(30) };
        Client = new JitTokensClient(_http);
    }

    protected DevServerFixture Fixture { get; }

    protected JitTokensClient Client { get; }

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A user name no other test of the class uses, so lists and ownership stay per test.</summary>
    protected static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    protected async Task<string> LoginAsync(string user, params string[] roles)
    {
        var login = await Client.DevLoginAsync(user, roles.Length == 0 ? null : roles, Cancel);
        Assert.True(login.IsSuccess, login.Problem?.Detail);
        return login.Value.Token;
    }

    protected async Task<SessionStarted> StartAsync(string humanToken, IReadOnlyList<string>? scopes = null, string environment = "staging")
    {
        var started = await Client.StartSessionAsync(humanToken, new StartSessionRequest
        {
            Agent = "cursor-42",
            Environments = [environment],
            Scopes = scopes,
            Purpose = "fix flaky checkout test",
        }, Cancel);
        Assert.True(started.IsSuccess, started.Problem?.Detail);
        return started.Value;
    }

    protected static TokenRequest Ask(string scope, string environment = "staging", int? ttlSeconds = null, string? target = null) => new()
    {
        Scope = scope,
        Environment = environment,
        Purpose = "apply migration 0042 for ticket OPS-17",
        TtlSeconds = ttlSeconds,
        Target = target,
    };

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
