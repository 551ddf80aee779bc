using System.Net;
using JitTokens.Validation.Tests.Support;

namespace JitTokens.Validation.Tests;

/// <summary>
/// <c>use: "once"</c> tokens (irreversible scopes) are consumed through the issuer's introspection
/// before the request runs: one use, however many requests race for it.
/// </summary>
public sealed class SingleUseTokenTests(IssuerFixture fixture)
{
    [Fact]
    public async Task SingleUseToken_RunsOnce_ThenIs401()
    {
        var volume = NewVolume();
        var token = await MintDeleteAsync(volume);

        using var first = await fixture.Staging.SendAsync(HttpMethod.Delete, "/volumes/" + volume, token.AccessToken);
        using var second = await fixture.Staging.SendAsync(HttpMethod.Delete, "/volumes/" + volume, token.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("error=\"invalid_token\"", second.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Contains("used already", second.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Staging.Deletions[volume]);
    }

    [Fact]
    public async Task SingleUseToken_RacedByManyRequests_RunsExactlyOnce()
    {
        var volume = NewVolume();
        var token = await MintDeleteAsync(volume);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await fixture.Staging.SendAsync(HttpMethod.Delete, "/volumes/" + volume, token.AccessToken);
            return response.StatusCode;
        }));

        Assert.Single(statuses, s => s == HttpStatusCode.NoContent);
        Assert.All(statuses.Where(s => s != HttpStatusCode.NoContent), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(1, fixture.Staging.Deletions[volume]);
    }

    [Fact]
    public async Task SingleUseToken_RefusedForAnotherTarget_IsNotConsumed()
    {
        var volume = NewVolume();
        var token = await MintDeleteAsync(volume);

        using var wrong = await fixture.Staging.SendAsync(HttpMethod.Delete, "/volumes/" + NewVolume(), token.AccessToken);
        using var right = await fixture.Staging.SendAsync(HttpMethod.Delete, "/volumes/" + volume, token.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
    }

    [Fact]
    public async Task SingleUseToken_WithoutIntrospectionCredentials_Is401()
    {
        var volume = NewVolume();
        var token = await MintDeleteAsync(volume);

        using var response = await fixture.StagingWithoutCredentials.SendAsync(HttpMethod.Delete, "/volumes/" + volume, token.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("cannot consume single-use tokens", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.False(fixture.StagingWithoutCredentials.Deletions.ContainsKey(volume));
    }

    [Fact]
    public async Task SingleUseToken_AtAnEndpointWithoutRequireJitScope_Is401_AndStaysUnused()
    {
        var volume = NewVolume();
        var token = await MintDeleteAsync(volume);

        // /whoami only asks for an authenticated token: it could not consume this one, so it must not accept it.
        using var whoami = await fixture.Staging.GetAsync("/whoami", token.AccessToken);
        using var delete = await fixture.Staging.SendAsync(HttpMethod.Delete, "/volumes/" + volume, token.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, whoami.StatusCode);
        Assert.Contains("only by endpoints that require a Jit scope", whoami.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task OrdinaryToken_IsNotIntrospected_AndPassesEveryTime()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "volume:read", "staging");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await fixture.StagingWithoutCredentials.StatusAsync("/volumes", token.AccessToken));
        }
    }

    private static string NewVolume() => "vol-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Minted> MintDeleteAsync(string volume)
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintApprovedAsync(session, "volume:delete", "staging", target: volume);
        Assert.Equal("once", TokenForge.ClaimsOf(token.AccessToken)["use"]!.GetValue<string>());
        return token;
    }
}
