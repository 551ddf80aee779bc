using System.Text.Json;
using JitTokens.Server.Tests.Infrastructure;

namespace JitTokens.Server.Tests.Interop;

/// <summary>
/// A standard JWT library outside .NET (jose, from npm) verifies our tokens with nothing but the
/// issuer URL: metadata → jwks_uri → key. The server listens on a real loopback port.
/// Needs `npm ci` in tests/interop (ops/test does it).
/// </summary>
public sealed class JoseVerificationTests : LoopbackIssuerTests
{
    [Fact]
    public async Task Jose_VerifiesIssuedTokenFromMetadataAndJwks()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken, "db:write", "staging", target: "orders-db");

        var (exit, stdout, stderr) = await VerifyAsync("https://staging.api.example.com", issued.AccessToken);

        Assert.True(exit == 0, stdout + stderr);
        using var result = JsonDocument.Parse(stdout);
        Assert.Equal("at+jwt", result.RootElement.GetProperty("header").GetProperty("typ").GetString());
        var payload = result.RootElement.GetProperty("payload");
        Assert.Equal(issued.TokenId, payload.GetProperty("jti").GetString());
        Assert.Equal("cursor-42", payload.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("orders-db", payload.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Jose_RejectsTokenForAnotherEnvironment()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken, "db:read", "staging");

        var (exit, stdout, _) = await VerifyAsync("https://api.example.com", issued.AccessToken);

        Assert.Equal(1, exit);
        Assert.Contains("ERR_JWT_CLAIM_VALIDATION_FAILED", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jose_RejectsTamperedToken()
    {
        var (_, session) = await Api.StartAsync();
        var issued = await Api.IssueAsync(session.SessionToken, "db:read", "staging");
        var parts = issued.AccessToken.Split('.');
        var forgedPayload = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("db:read", "db:drop", StringComparison.Ordinal)));

        var (exit, stdout, _) = await VerifyAsync("https://staging.api.example.com", parts[0] + "." + forgedPayload + "." + parts[2]);

        Assert.Equal(1, exit);
        Assert.Contains("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", stdout, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> VerifyAsync(string audience, string token)
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "interop", "verify-token.mjs");
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "tests", "interop", "node_modules", "jose")), "run `npm ci` in tests/interop (ops/test does)");
        return ProcessRunner.RunAsync("node", [script, Issuer, audience, token], TimeSpan.FromSeconds(30));
    }
}
