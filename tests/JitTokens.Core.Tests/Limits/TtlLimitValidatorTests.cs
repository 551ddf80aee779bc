using JitTokens.Core.Options;

namespace JitTokens.Core.Tests.Limits;

/// <summary>The configurable limits of <c>JitTokens</c> (README "Limits"): their bounds refuse start-up with the key named.</summary>
public sealed class TtlLimitValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
        => Assert.True(new JitTokensOptionsValidator().Validate(null, new JitTokensOptions()).Succeeded);

    [Fact]
    public void MaxTokenTtl_Of24Hours_IsTheMost()
    {
        var atCap = new JitTokensOptionsValidator().Validate(null, new JitTokensOptions { MaxTokenTtl = TimeSpan.FromHours(24) });
        var over = new JitTokensOptionsValidator().Validate(null, new JitTokensOptions { MaxTokenTtl = TimeSpan.FromHours(24).Add(TimeSpan.FromSeconds(1)) });

        Assert.True(atCap.Succeeded);
        Assert.Contains("JitTokens:MaxTokenTtl is above 24:00:00", over.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, "JitTokens:PollIntervalSeconds must be between 1 and 60")]
    [InlineData(0, 61, "JitTokens:PollIntervalSeconds must be between 1 and 60")]
    [InlineData(-1, 2, "JitTokens:EscalationTtl must be a positive duration")]
    public void OtherBounds_NameTheKey(int escalationTtlMinutes, int pollIntervalSeconds, string expected)
    {
        var result = new JitTokensOptionsValidator().Validate(null, new JitTokensOptions
        {
            EscalationTtl = escalationTtlMinutes == 0 ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(escalationTtlMinutes),
            PollIntervalSeconds = pollIntervalSeconds,
        });

        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultSessionTtl_AboveMaxSessionTtl_Fails()
    {
        var result = new JitTokensOptionsValidator().Validate(null, new JitTokensOptions { MaxSessionTtl = TimeSpan.FromHours(1), DefaultSessionTtl = TimeSpan.FromHours(2) });

        Assert.Contains("JitTokens:DefaultSessionTtl must not exceed JitTokens:MaxSessionTtl", result.FailureMessage, StringComparison.Ordinal);
    }
}
