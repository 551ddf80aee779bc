using JitTokens.Abstractions.Wire;

namespace JitTokens.Abstractions.Tests;

public sealed class RedactionTests
{
    [Fact]
    public void SessionStarted_ToString_RedactsTheSessionToken()
    {
        var started = new SessionStarted
        {
            SessionId = "ses_1",
            SessionToken = "jits_secretsecretsecretsecretsecretsecret123",
            Owner = "alice",
            Agent = "cursor-42",
            Environments = ["staging"],
            Scopes = ["db:read"],
            ExpiresAt = DateTimeOffset.UnixEpoch,
        };

        var text = started.ToString();

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("ses_1", text, StringComparison.Ordinal);
        Assert.Contains("[staging]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenIssued_ToString_RedactsTheAccessToken()
    {
        var issued = new TokenIssued
        {
            AccessToken = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl",
            TokenType = "Bearer",
            ExpiresIn = 300,
            ExpiresAt = DateTimeOffset.UnixEpoch,
            Scope = "db:read",
            Environment = "staging",
            TokenId = "tok_1",
        };

        Assert.DoesNotContain("eyJ", issued.ToString(), StringComparison.Ordinal);
        Assert.Contains("tok_1", issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DevLoginResponse_ToString_RedactsTheToken()
        => Assert.DoesNotContain("eyJ", new DevLoginResponse { Token = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln" }.ToString(), StringComparison.Ordinal);
}
