using JitTokens.Validation.Revocation;
using JitTokens.Validation.Tests.Support;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Tests.Unit;

/// <summary>Fail closed: no token before the first catch-up, none while the feed is silent beyond FeedStaleAfter.</summary>
public sealed class FeedHealthTests
{
    private readonly ManualClock _clock = new();

    private FeedHealth Health() => new(Options.Create(new JitTokensOptions { FeedStaleAfter = TimeSpan.FromSeconds(30) }), _clock);

    [Fact]
    public void BeforeTheFirstCatchUp_TokensAreRefused()
        => Assert.Contains("has not been read yet", Health().Problem(), StringComparison.Ordinal);

    [Fact]
    public void AfterACatchUp_AndWhileHeardFrom_TokensPass()
    {
        var health = Health();
        health.CaughtUp();
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(health.Problem());
        health.Heard();
        _clock.Advance(TimeSpan.FromSeconds(29));

        Assert.Null(health.Problem());
    }

    [Fact]
    public void SilentBeyondTheBound_TokensAreRefused_UntilHeardFromAgain()
    {
        var health = Health();
        health.CaughtUp();
        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal("the revocation feed of the issuer has been unreachable for 31 s (limit 30 s); every token is refused until it is back (fail closed)", health.Problem());
        health.CaughtUp();
        Assert.Null(health.Problem());
    }
}
