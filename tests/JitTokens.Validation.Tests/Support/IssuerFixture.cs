using System.Net;
using JitTokens.Validation.Tests.Support;

[assembly: AssemblyFixture(typeof(IssuerFixture))]

namespace JitTokens.Validation.Tests.Support;

/// <summary>
/// One real issuer for the assembly's shared tests, and three resource servers on it: staging
/// (with introspection credentials, so it takes single-use tokens), staging without credentials,
/// and production. Each is ready (its first catch-up of the feed done) when the tests start.
/// </summary>
public sealed class IssuerFixture : IAsyncLifetime
{
    private IssuerProcess? _issuer;

    public IssuerProcess Issuer => _issuer ?? throw new InvalidOperationException("not initialised");

    public IssuerApi Api { get; private set; } = null!;

    /// <summary>staging, with <c>ClientId</c>/<c>ClientSecret</c>.</summary>
    public ResourceServer Staging { get; private set; } = null!;

    /// <summary>staging, without introspection credentials.</summary>
    public ResourceServer StagingWithoutCredentials { get; private set; } = null!;

    /// <summary>production, with its audience pinned in the options (the catalog is not read).</summary>
    public ResourceServer Production { get; private set; } = null!;

    /// <summary>The issuer's signing key id.</summary>
    public string Kid { get; private set; } = null!;

    public string StagingAudience { get; private set; } = null!;

    public string ProductionAudience { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        _issuer = await IssuerProcess.StartAsync(cancel);
        Api = new IssuerApi(_issuer.Url);
        Kid = await Api.KidAsync();
        StagingAudience = await Api.AudienceAsync("staging");
        ProductionAudience = await Api.AudienceAsync("production");
        Staging = await ResourceServer.StartAsync(o =>
        {
            Local(o, "staging");
            o.ClientId = IssuerProcess.ClientId;
            o.ClientSecret = IssuerProcess.ClientSecret;
        }, cancel);
        StagingWithoutCredentials = await ResourceServer.StartAsync(o => Local(o, "staging"), cancel);
        Production = await ResourceServer.StartAsync(o =>
        {
            Local(o, "production");
            o.Audience = ProductionAudience;
        }, cancel);

        var session = await Api.StartSessionAsync("staging", "production");
        var staging = await Api.MintAsync(session, "db:read", "staging");
        var production = await Api.MintAsync(session, "db:read", "production");
        await WaitReadyAsync(Staging, staging.AccessToken);
        await WaitReadyAsync(StagingWithoutCredentials, staging.AccessToken);
        await WaitReadyAsync(Production, production.AccessToken);
    }

    /// <summary>Options every test resource server shares: this issuer over http.</summary>
    public void Local(JitTokensOptions options, string environment)
    {
        options.Issuer = Issuer.Issuer;
        options.Environment = environment;
        options.RequireHttps = false;
    }

    public static Task WaitReadyAsync(ResourceServer server, string token)
        => Eventually.WithinAsync(TimeSpan.FromSeconds(15), async () => await server.StatusAsync("/rows", token) == HttpStatusCode.OK);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { Staging, StagingWithoutCredentials, Production })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        Api?.Dispose();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }
}
