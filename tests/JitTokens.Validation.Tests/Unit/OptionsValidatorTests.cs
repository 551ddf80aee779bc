using JitTokens.Validation.Hosting;
using JitTokens.Validation.Tests.Support;
using Microsoft.Extensions.Options;

namespace JitTokens.Validation.Tests.Unit;

/// <summary>JitTokensOptions are checked at start, each problem with how to fix it.</summary>
public sealed class OptionsValidatorTests
{
    private static JitTokensOptions Valid() => new() { Issuer = "https://jit.internal.example", Environment = "production" };

    [Fact]
    public void Defaults_WithIssuerAndEnvironment_AreValid()
        => Assert.True(new JitTokensOptionsValidator().Validate(null, Valid()).Succeeded);

    [Theory]
    [InlineData(null, "production", "Issuer is required")]
    [InlineData("https://jit.internal.example", null, "Environment is required")]
    [InlineData("jit.internal.example", "production", "is not an http(s) URL")]
    [InlineData("https://jit.internal.example?x=1", "production", "without query or fragment")]
    [InlineData("http://jit.internal.example", "production", "set RequireHttps = false for a local development issuer only")]
    [InlineData("https://jit.internal.example", "Production", "not an environment name")]
    public void IssuerAndEnvironment_Problems_SayHowToFix(string? issuer, string? environment, string message)
    {
        var result = new JitTokensOptionsValidator().Validate(null, new JitTokensOptions { Issuer = issuer, Environment = environment });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientIdWithoutSecret_IsRefused()
    {
        var options = Valid();
        options.ClientId = "volumes";

        Assert.Contains("ClientId and ClientSecret go together", new JitTokensOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DurationsOutOfRange_AreRefused()
    {
        var options = Valid();
        options.ClockSkew = TimeSpan.FromMinutes(10);
        options.FeedStaleAfter = TimeSpan.Zero;

        var message = new JitTokensOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("ClockSkew is 00:10:00", message, StringComparison.Ordinal);
        Assert.Contains("FeedStaleAfter is 00:00:00", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptions_StopTheHostFromStarting()
    {
        var start = ResourceServer.StartAsync(o => o.Issuer = "https://jit.internal.example", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => start);
        Assert.Contains("Environment is required", error.Message, StringComparison.Ordinal);
    }
}
