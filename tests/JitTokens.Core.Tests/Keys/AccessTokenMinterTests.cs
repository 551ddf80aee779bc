using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JitTokens.Core.Keys;
using JitTokens.Core.Tokens;
using JitTokens.TestSupport.Clock;

namespace JitTokens.Core.Tests.Keys;

public sealed class AccessTokenMinterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Mint_SignatureVerifiesWithThePublicJwk()
    {
        var (minter, key) = Create();

        var jwt = minter.Mint(Claims(target: null, useOnce: false, approvers: null));

        var parts = jwt.Split('.');
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(key.PublicJwk.X), Y = Base64Url.DecodeFromChars(key.PublicJwk.Y) },
        });
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Mint_OptionalClaims_AppearOnlyWhenGiven()
    {
        var (minter, _) = Create();

        var plain = Payload(minter.Mint(Claims(target: null, useOnce: false, approvers: null)));
        var full = Payload(minter.Mint(Claims(target: "vol-1", useOnce: true, approvers: ["bob", "slack:U0INF01"])));

        Assert.False(plain.TryGetProperty("target", out _));
        Assert.False(plain.TryGetProperty("use", out _));
        Assert.False(plain.TryGetProperty("approvers", out _));
        Assert.Equal("vol-1", full.GetProperty("target").GetString());
        Assert.Equal("once", full.GetProperty("use").GetString());
        Assert.Equal(["bob", "slack:U0INF01"], full.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()!));
    }

    [Fact]
    public void Mint_AgentTextWithQuotesAndUnicode_StaysValidJson()
    {
        var (minter, _) = Create();

        var payload = Payload(minter.Mint(Claims(target: "a\"b<c>&d", useOnce: false, approvers: null) with { Purpose = "fix \"bug\" — naïve <script>" }));

        Assert.Equal("fix \"bug\" — naïve <script>", payload.GetProperty("purpose").GetString());
        Assert.Equal("a\"b<c>&d", payload.GetProperty("target").GetString());
    }

    [Fact]
    public void Mint_ManyThreads_AllSignaturesVerify()
    {
        var (minter, key) = Create();

        var tokens = new string[2000];
        Parallel.For(0, tokens.Length, i => tokens[i] = minter.Mint(Claims(target: "t" + i, useOnce: false, approvers: null)));

        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(key.PublicJwk.X), Y = Base64Url.DecodeFromChars(key.PublicJwk.Y) },
        });
        for (var i = 0; i < tokens.Length; i++)
        {
            var parts = tokens[i].Split('.');
            Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.Equal("t" + i, Payload(tokens[i]).GetProperty("target").GetString());
        }
    }

    private (AccessTokenMinter Minter, SigningKey Key) Create()
    {
        var ring = new SigningKeyRing(_time, TimeSpan.FromHours(1));
        var key = SigningKey.Generate(_time.GetUtcNow());
        ring.Load([key]);
        return (new AccessTokenMinter(ring, "https://jit.example"), key);
    }

    private AccessTokenClaims Claims(string? target, bool useOnce, IReadOnlyList<string>? approvers) => new(
        "alice", "cursor-42", "https://staging.api.example.com", "staging", "db:read", "tok_1",
        _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(5), "ses_1", "read orders", target, useOnce, approvers);

    private static JsonElement Payload(string jwt)
    {
        using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        return doc.RootElement.Clone();
    }
}
