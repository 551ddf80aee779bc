namespace JitTokens.Abstractions.Tests;

public sealed class JitDurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    public void TryParse_ValidDuration_ReturnsSeconds(string text, int seconds)
    {
        Assert.True(JitDuration.TryParse(text, out var value));
        Assert.Equal(seconds, (int)value.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("5")]
    [InlineData("5d")]
    [InlineData("1.5h")]
    [InlineData(" 5m")]
    [InlineData("99999999h")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text)
        => Assert.False(JitDuration.TryParse(text, out _));
}
