namespace JitTokens.Abstractions.Tests;

/// <summary>Catalog and CLI durations are capped at 366 days (README "Limits"): a bigger number is a typo, not a policy.</summary>
public sealed class JitDurationLimitTests
{
    [Theory]
    [InlineData("8784h", true)]
    [InlineData("527040m", true)]
    [InlineData("31622400s", true)]
    [InlineData("8785h", false)]
    [InlineData("527041m", false)]
    [InlineData("31622401s", false)]
    public void TryParse_AtMost366Days(string text, bool accepted)
    {
        Assert.Equal(accepted, JitDuration.TryParse(text, out var value));
        Assert.True(!accepted || value == JitDuration.MaxValue);
    }
}
