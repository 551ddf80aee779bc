using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using JitTokens.Validation.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitTokens.Validation.Tests;

/// <summary>RequireJitScope: the one scope, the target, the RFC 6750 403, and the rejection counter.</summary>
public sealed class RequireJitScopeTests(IssuerFixture fixture)
{
    [Fact]
    public async Task WrongScope_Is403InsufficientScope_NamingTheScopeNeeded()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");

        using var response = await fixture.Staging.GetAsync("/volumes", token.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("error=\"insufficient_scope\", error_description=\"this request needs a token with scope volume:read\", scope=\"volume:read\"", challenge.Parameter);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("insufficient_scope", problem["error"]!.GetValue<string>());
        Assert.Equal("volume:read", problem["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task RightScope_NoTarget_PassesAnywhereTheScopeIsEnough()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "volume:read", "staging");

        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/volumes", token.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/volumes/vol-7", token.AccessToken));
    }

    [Fact]
    public async Task TokenForATarget_PassesForThatTarget_Only()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "volume:read", "staging", target: "vol-1");

        Assert.Equal(HttpStatusCode.OK, await fixture.Staging.StatusAsync("/volumes/vol-1", token.AccessToken));
        using var other = await fixture.Staging.GetAsync("/volumes/vol-2", token.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", other.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Contains("another target", other.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenForATarget_AtAnEndpointNamingNone_Is403()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "volume:read", "staging", target: "vol-1");

        Assert.Equal(HttpStatusCode.Forbidden, await fixture.Staging.StatusAsync("/volumes", token.AccessToken));
    }

    [Fact]
    public async Task TwoScopesInOneToken_Is403()
    {
        var claims = TokenForge.Claims(fixture.Issuer.Issuer, fixture.StagingAudience, "staging", scope: "volume:read db:read");

        Assert.Equal(HttpStatusCode.Forbidden, await fixture.Staging.StatusAsync("/volumes", TokenForge.SignEs256(fixture.Issuer.Key, TokenForge.Header(fixture.Kid), claims)));
    }

    [Fact]
    public async Task OnARouteGroup_TheScopeAndTargetApplyToEachEndpoint()
    {
        var session = await fixture.Api.StartSessionAsync("staging");
        var snapshot = await fixture.Api.MintAsync(session, "volume:snapshot", "staging", target: "vol-1");
        var read = await fixture.Api.MintAsync(session, "volume:read", "staging");

        using var taken = await fixture.Staging.SendAsync(HttpMethod.Post, "/snapshots/vol-1", snapshot.AccessToken);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("snapshot of vol-1", await taken.Content.ReadAsStringAsync());
        using var otherTarget = await fixture.Staging.SendAsync(HttpMethod.Post, "/snapshots/vol-2", snapshot.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, otherTarget.StatusCode);
        using var otherScope = await fixture.Staging.SendAsync(HttpMethod.Post, "/snapshots/vol-1", read.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, otherScope.StatusCode);
    }

    [Fact]
    public async Task Rejections_AreCountedByReason()
    {
        await using var server = await ResourceServer.StartAsync(o => fixture.Local(o, "staging"), TestContext.Current.CancellationToken);
        var counted = new List<string>();
        using var listener = Listen(server, counted);
        var session = await fixture.Api.StartSessionAsync("staging");
        var token = await fixture.Api.MintAsync(session, "db:read", "staging");
        await IssuerFixture.WaitReadyAsync(server, token.AccessToken);

        await server.StatusAsync("/rows", null);
        await server.StatusAsync("/rows", session.Token);
        await server.StatusAsync("/rows", token.AccessToken[..^4] + "AAAA");
        await server.StatusAsync("/volumes", token.AccessToken);
        await server.StatusAsync("/rows", token.AccessToken);

        lock (counted)
        {
            Assert.Equal(
                [JitRejectionReasons.MissingToken, JitRejectionReasons.SessionToken, JitRejectionReasons.InvalidSignature, JitRejectionReasons.InsufficientScope],
                counted.Where(r => r != JitRejectionReasons.FeedUnavailable));
        }
    }

    private static MeterListener Listen(ResourceServer server, List<string> counted)
    {
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == JitTokensDefaults.MeterName && instrument.Meter.Scope == meters && instrument.Name == JitTokensDefaults.RejectionsCounterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var reason = tags.ToArray().Single(t => t.Key == JitTokensDefaults.ReasonTagName).Value as string;
            Assert.Equal(1, value);
            lock (counted)
            {
                counted.Add(reason!);
            }
        });
        listener.Start();
        return listener;
    }
}
