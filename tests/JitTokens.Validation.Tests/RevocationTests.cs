using System.Net;
using JitTokens.Validation.Tests.Support;

namespace JitTokens.Validation.Tests;

/// <summary>
/// Revocation reaches the resource server through the feed, without a call per request: a revoked
/// token and every token of an ended session are refused soon after (DESIGN.md §6 asks for 100 ms;
/// these tests poll with a looser bound so a loaded machine does not fail them, and report the time).
/// </summary>
public sealed class RevocationTests(IssuerFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task RevokedToken_IsRefused_SoonAfter()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");
        var other = await fixture.Api.MintAsync(session, "db:read", "staging");
        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", token.AccessToken));

        await fixture.Api.RevokeAsync(session, token.TokenId);
        var took = await Eventually.WithinAsync(Bound, async () => await fixture.Staging.StatusAsync("/rows", token.AccessToken) == HttpStatusCode.Unauthorized);

        TestContext.Current.TestOutputHelper?.WriteLine($"revocation reached the resource server within {took.TotalMilliseconds:0} ms of the revoke call's answer");
        await AccessTokenValidationTests.AssertInvalidTokenAsync(fixture.Staging, token.AccessToken, "the token was revoked");
        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", other.AccessToken));
    }

    [Fact]
    public async Task EndedSession_AllItsTokensAreRefused_OnEveryResourceServer()
    {
        var session = await fixture.Api.StartSessionAsync("staging", "production");
        var staging = await fixture.Api.MintAsync(session, "db:read", "staging");
        var production = await fixture.Api.MintAsync(session, "db:read", "production");
        var unrelated = await fixture.Api.MintAsync(await fixture.Api.StartSessionAsync("staging"), "db:read", "staging");
        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", staging.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await fixture.Production.StatusAsync("/rows", production.AccessToken));

        await fixture.Api.EndSessionAsync(session);

        await Eventually.WithinAsync(Bound, async () => await fixture.Staging.StatusAsync("/rows", staging.AccessToken) == HttpStatusCode.Unauthorized);
        await Eventually.WithinAsync(Bound, async () => await fixture.Production.StatusAsync("/rows", production.AccessToken) == HttpStatusCode.Unauthorized);
        await AccessTokenValidationTests.AssertInvalidTokenAsync(fixture.Staging, staging.AccessToken, "the session of the token ended");
        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", unrelated.AccessToken));
    }

    [Fact]
    public async Task RevokedTokens_AreRefused_WithinTheBound_EveryTime()
    {
        // Propagation, measured: ten revocations in a row, each refused within the bound.
        var session = await fixture.Api.StartSessionAsync("staging");
        var times = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var token = await fixture.Api.MintAsync(session, "db:read", "staging");
            Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/rows", token.AccessToken));
            await fixture.Api.RevokeAsync(session, token.TokenId);
            times.Add(await Eventually.WithinAsync(Bound, async () => await fixture.Staging.StatusAsync("/rows", token.AccessToken) == HttpStatusCode.Unauthorized));
        }

        times.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine($"after the revoke call answered: median {times[5].TotalMilliseconds:0} ms, max {times[^1].TotalMilliseconds:0} ms");

        // DESIGN.md §6: within 100 ms. The median (not the max) is held to it, so one slow moment of a busy machine does not fail the build.
        Assert.True(times[5] < TimeSpan.FromMilliseconds(100), $"median propagation {times[5].TotalMilliseconds:0} ms");
    }
}
