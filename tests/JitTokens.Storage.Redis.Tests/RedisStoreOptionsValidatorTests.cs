namespace JitTokens.Storage.Redis.Tests;

public sealed class RedisStoreOptionsValidatorTests
{
    private readonly RedisStoreOptionsValidator _validator = new();

    [Fact]
    public void Validate_ConfigurationAndDefaults_Succeeds()
    {
        var result = _validator.Validate(null, new RedisStoreOptions { Configuration = "localhost:6379" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new RedisStoreOptions();

        Assert.Null(options.Configuration);
        Assert.Equal("jit:", options.KeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(2), options.OperationTimeout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_NoConfiguration_FailsNamingTheKeyToSet(string? configuration)
    {
        var result = _validator.Validate(null, new RedisStoreOptions { Configuration = configuration });

        Assert.True(result.Failed);
        Assert.Contains("JitTokens:Redis:Configuration is not set", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("JitTokens__Redis__Configuration", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoEndpoint_FailsSayingToPutHostAndPortFirst()
    {
        var result = _validator.Validate(null, new RedisStoreOptions { Configuration = "password=s3cret-value" });

        Assert.True(result.Failed);
        Assert.Contains("names no endpoint", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownOption_FailsWithoutEchoingThePassword()
    {
        var result = _validator.Validate(null, new RedisStoreOptions { Configuration = "localhost:6379,password=s3cret-value,frobnicate=1" });

        Assert.True(result.Failed);
        Assert.Contains("cannot be parsed", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("jit :")]
    public void Validate_BadKeyPrefix_Fails(string prefix)
    {
        var result = _validator.Validate(null, new RedisStoreOptions { Configuration = "localhost:6379", KeyPrefix = prefix });

        Assert.True(result.Failed);
        Assert.Contains("JitTokens:Redis:KeyPrefix", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    [InlineData(61_000)]
    public void Validate_OperationTimeoutOutOfRange_Fails(int milliseconds)
    {
        var options = new RedisStoreOptions { Configuration = "localhost:6379", OperationTimeout = TimeSpan.FromMilliseconds(milliseconds) };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("JitTokens:Redis:OperationTimeout", result.FailureMessage, StringComparison.Ordinal);
    }
}
