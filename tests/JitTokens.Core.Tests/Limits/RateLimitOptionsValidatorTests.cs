using JitTokens.Core.Limits;

namespace JitTokens.Core.Tests.Limits;

public sealed class RateLimitOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid_AndOn()
    {
        var options = new RateLimitOptions();

        Assert.True(new RateLimitOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((50, 100), (options.PerSession.PermitsPerSecond, options.PerSession.Burst));
        Assert.Equal((10, 30), (options.PerHuman.PermitsPerSecond, options.PerHuman.Burst));
    }

    [Fact]
    public void ZeroPermits_TurnsTheLimitOff_WhateverTheBurst()
    {
        var options = new RateLimitOptions { PerSession = new() { PermitsPerSecond = 0, Burst = 0 } };

        Assert.True(new RateLimitOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.PerSession.IsOn);
    }

    [Theory]
    [InlineData(-1, 10, "JitTokens:RateLimits:PerSession:PermitsPerSecond must be 0 (no limit) or a positive number")]
    [InlineData(double.NaN, 10, "JitTokens:RateLimits:PerSession:PermitsPerSecond must be 0 (no limit) or a positive number")]
    [InlineData(2_000_000, 10, "JitTokens:RateLimits:PerSession:PermitsPerSecond must be 0 (no limit) or a positive number up to 1000000")]
    [InlineData(0.0001, 10, "JitTokens:RateLimits:PerSession:PermitsPerSecond must be at least 0.001")]
    [InlineData(50, 0, "JitTokens:RateLimits:PerSession:Burst must be 1 to 1000000")]
    public void BadSessionLimit_FailsWithTheKeyAndTheFix(double permits, int burst, string expected)
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { PerSession = new() { PermitsPerSecond = permits, Burst = burst } });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void BadHumanLimitAndKeys_AreAllNamed()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions
        {
            PerHuman = new() { PermitsPerSecond = 10, Burst = -3 },
            MaxTrackedKeys = 5,
        });

        Assert.Contains("JitTokens:RateLimits:PerHuman:Burst", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("JitTokens:RateLimits:MaxTrackedKeys must be 100 to 10000000", result.FailureMessage, StringComparison.Ordinal);
    }
}
