using System.Net;
using JitTokens.Validation.Tests.Support;

namespace JitTokens.Validation.Tests;

/// <summary>
/// The revocation feed when things go wrong, each test with its own issuer process: a dropped
/// connection and an issuer restart lose no revocation; a feed that goes quiet, or was never read,
/// makes the resource server refuse every token (fail closed) until it is back.
/// </summary>
public sealed class FeedResilienceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectionDropped_RevocationMadeMeanwhile_IsAppliedOnResume()
    {
        await using var issuer = await IssuerProcess.StartAsync(Cancel);
        using var api = new IssuerApi(issuer.Url);
        await using var proxy = new TcpProxy(issuer.Url.Port);
        using var handler = proxy.CreateHandler();
        await using var server = await ResourceServer.StartAsync(o =>
        {
            Local(o, issuer);
            o.BackchannelHttpHandler = handler;
        }, Cancel);
        var session = await api.StartSessionAsync("staging");
        var token = await api.MintAsync(session, "db:read", "staging");
        await IssuerFixture.WaitReadyAsync(server, token.AccessToken);

        proxy.Block();
        await api.RevokeAsync(session, token.TokenId);

        // Cut off, the resource server cannot know yet (and is within FeedStaleAfter, so it still accepts).
        Assert.Equal(HttpStatusCode.OK, await server.StatusAsync("/rows", token.AccessToken));
        proxy.Unblock();
        await Eventually.WithinAsync(TimeSpan.FromSeconds(10), async () => await server.StatusAsync("/rows", token.AccessToken) == HttpStatusCode.Unauthorized);
        await AccessTokenValidationTests.AssertInvalidTokenAsync(server, token.AccessToken, "the token was revoked");
    }

    [Fact]
    public async Task IssuerRestarted_FeedIsFollowedAgain()
    {
        await using var issuer = await IssuerProcess.StartAsync(Cancel);
        using var api = new IssuerApi(issuer.Url);
        await using var server = await ResourceServer.StartAsync(o => Local(o, issuer), Cancel);
        await IssuerFixture.WaitReadyAsync(server, (await api.MintAsync(await api.StartSessionAsync("staging"), "db:read", "staging")).AccessToken);

        await issuer.RestartAsync(Cancel);
        var session = await api.StartSessionAsync("staging");
        var token = await api.MintAsync(session, "db:read", "staging");
        Assert.Equal(HttpStatusCode.OK, await server.StatusAsync("/rows", token.AccessToken));
        await api.RevokeAsync(session, token.TokenId);

        await Eventually.WithinAsync(TimeSpan.FromSeconds(10), async () => await server.StatusAsync("/rows", token.AccessToken) == HttpStatusCode.Unauthorized);
        await AccessTokenValidationTests.AssertInvalidTokenAsync(server, token.AccessToken, "the token was revoked");
    }

    [Fact]
    public async Task IssuerStopped_AfterFeedStaleAfter_EveryTokenIsRefused_UntilItIsBack()
    {
        await using var issuer = await IssuerProcess.StartAsync(Cancel);
        using var api = new IssuerApi(issuer.Url);
        await using var server = await ResourceServer.StartAsync(o =>
        {
            Local(o, issuer);
            o.FeedStaleAfter = TimeSpan.FromSeconds(2);
        }, Cancel);
        var token = await api.MintAsync(await api.StartSessionAsync("staging"), "db:read", "staging");
        await IssuerFixture.WaitReadyAsync(server, token.AccessToken);
        var forged = TokenForge.SignEs256(issuer.Key, TokenForge.Header(await api.KidAsync()), TokenForge.Claims(issuer.Issuer, "https://staging.api.example.com", "staging"));

        await issuer.StopAsync();
        var refusedAfter = await Eventually.WithinAsync(TimeSpan.FromSeconds(10), async () => await server.StatusAsync("/rows", token.AccessToken) == HttpStatusCode.Unauthorized);

        TestContext.Current.TestOutputHelper?.WriteLine($"refused {refusedAfter.TotalMilliseconds:0} ms after the issuer was killed");
        await AccessTokenValidationTests.AssertInvalidTokenAsync(server, token.AccessToken, "revocation feed of the issuer has been unreachable");
        await AccessTokenValidationTests.AssertInvalidTokenAsync(server, forged, "fail closed");

        await issuer.RestartAsync(Cancel);
        await Eventually.WithinAsync(TimeSpan.FromSeconds(10), async () => await server.StatusAsync("/rows", token.AccessToken) == HttpStatusCode.OK);
    }

    [Fact]
    public async Task BeforeTheFeedWasEverRead_EveryTokenIsRefused_ThenAcceptedOnceTheIssuerAnswers()
    {
        await using var issuer = await IssuerProcess.PrepareAsync(Cancel);
        await using var server = await ResourceServer.StartAsync(o => Local(o, issuer), Cancel);
        var forged = TokenForge.SignEs256(issuer.Key, TokenForge.Header("any"), TokenForge.Claims(issuer.Issuer, "https://staging.api.example.com", "staging"));

        await AccessTokenValidationTests.AssertInvalidTokenAsync(server, forged, "has not been read yet");

        await issuer.RestartAsync(Cancel);
        using var api = new IssuerApi(issuer.Url);
        var token = await api.MintAsync(await api.StartSessionAsync("staging"), "db:read", "staging");
        await IssuerFixture.WaitReadyAsync(server, token.AccessToken);
    }

    [Fact]
    public async Task KeyRotated_ANewKid_IsLearnedBeforeTheFirstTokenIsAnswered()
    {
        await using var issuer = await IssuerProcess.StartAsync(Cancel);
        using var api = new IssuerApi(issuer.Url);
        await using var server = await ResourceServer.StartAsync(o =>
        {
            Local(o, issuer);
            o.KeyRefreshMinInterval = TimeSpan.FromMilliseconds(500);
        }, Cancel);
        var before = await api.MintAsync(await api.StartSessionAsync("staging"), "db:read", "staging");
        await IssuerFixture.WaitReadyAsync(server, before.AccessToken);
        var oldKid = await api.KidAsync();

        await issuer.RotateKeyAsync(Cancel);
        await issuer.RestartAsync(Cancel);
        var after = await api.MintAsync(await api.StartSessionAsync("staging"), "db:read", "staging");

        Assert.NotEqual(oldKid, TokenForge.HeaderOf(after.AccessToken)["kid"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await server.StatusAsync("/rows", after.AccessToken));
    }

    private static void Local(JitTokensOptions options, IssuerProcess issuer)
    {
        options.Issuer = issuer.Issuer;
        options.Environment = "staging";
        options.RequireHttps = false;
    }
}
