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

    /// <summary>A ',' ends the password early: the rest reads as options, and the parser quotes a bad option's value.</summary>
    [Theory]
    [InlineData("localhost:6379,password=s3cret,ssl=value-tail")]
    [InlineData("localhost:6379,password=s3cret,connectTimeout=value-tail")]
    [InlineData("localhost:6379,Password=s3cret,value-tail=1")]
    public void Validate_PasswordWithAComma_FailsWithoutEchoingAnyPartOfIt(string configuration)
    {
        var result = _validator.Validate(null, new RedisStoreOptions { Configuration = configuration });

        Assert.True(result.Failed);
        Assert.Contains("cannot be parsed", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("value-tail", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientConfiguration_ForcesWhatTheStoreDependsOn()
    {
        var configuration = RedisConnection.ClientConfiguration(new RedisStoreOptions { Configuration = "localhost:6379,abortConnect=true", OperationTimeout = TimeSpan.FromSeconds(30) });

        Assert.False(configuration.AbortOnConnectFail);
        Assert.False(configuration.BacklogPolicy.QueueWhileDisconnected); // fail at once while Redis is down
        Assert.Equal("jittokens", configuration.ClientName);
        Assert.True(configuration.AsyncTimeout > 30_000, $"the client's own timeout ({configuration.AsyncTimeout} ms) would end calls before OperationTimeout");
    }

    [Fact]
    public void ClientConfiguration_KeepsALongerClientTimeoutAndName()
    {
        var configuration = RedisConnection.ClientConfiguration(new RedisStoreOptions { Configuration = "localhost:6379,asyncTimeout=90000,name=issuer-a" });

        Assert.Equal(90_000, configuration.AsyncTimeout);
        Assert.Equal("issuer-a", configuration.ClientName);
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
