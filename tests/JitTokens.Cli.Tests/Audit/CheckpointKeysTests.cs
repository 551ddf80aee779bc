using System.Security.Cryptography;
using JitTokens.Cli.Audit;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests.Audit;

/// <summary>Reading JWKS documents (RFC 7517 §5) for the keys checkpoints are signed with.</summary>
public sealed class CheckpointKeysTests
{
    [Fact]
    public void Load_IssuerJwks_KeepsOnlyEs256KeysByKid()
    {
        using var issuer = new TestIssuer();

        Assert.True(CheckpointKeys.TryLoad([("jwks.json", issuer.Jwks)], out var keys, out var problem), problem);

        Assert.Equal(1, keys.Count);
        using var key = keys.Find("key-1");
        Assert.NotNull(key);
        Assert.Equal(issuer.Key.ExportParameters(false).Q.X, key.ExportParameters(false).Q.X);
        Assert.Null(keys.Find("rsa-1"));
    }

    [Fact]
    public void Load_SeveralDocuments_MergesTheirKeys()
    {
        using var now = new TestIssuer("key-2");
        using var before = new TestIssuer("key-1");

        Assert.True(CheckpointKeys.TryLoad([("now.json", now.Jwks), ("before.json", before.Jwks), ("again.json", now.Jwks)], out var keys, out var problem), problem);

        Assert.Equal(2, keys.Count);
    }

    [Theory]
    [InlineData("""{"kty":"EC","crv":"P-384","x":"AA","y":"AA","kid":"k"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"AA","y":"AA","kid":"k","use":"enc"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"AA","y":"AA","kid":"k","alg":"ECDH-ES"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}""")]
    [InlineData("""{"kty":"oct","k":"c2VjcmV0","kid":"k"}""")]
    public void Load_OnlyKeysThatCannotSignCheckpoints_SaysSo(string key)
    {
        Assert.False(CheckpointKeys.TryLoad([("jwks.json", $$"""{"keys":[{{key}}]}""")], out var keys, out var problem));

        Assert.Null(keys);
        Assert.Equal("jwks.json: no ES256 key (kty EC, crv P-256, with a kid); is this the issuer's JWKS?", problem);
    }

    [Theory]
    [InlineData("AAAA", "AAAA")]
    [InlineData("not base64url!", "AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Load_CoordinatesThatAreNotAPointOnP256_AreAnError(string x, string y)
    {
        var jwks = $$"""{"keys":[{"kty":"EC","crv":"P-256","x":"{{x}}","y":"{{y}}","kid":"k"}]}""";

        Assert.False(CheckpointKeys.TryLoad([("jwks.json", jwks)], out _, out var problem));

        Assert.Equal("jwks.json: key k is not a P-256 public key (x and y must be 32-byte base64url coordinates of a point on the curve)", problem);
    }

    [Fact]
    public void Load_SameKidForTwoDifferentKeys_IsAnError()
    {
        using var a = new TestIssuer("k");
        using var b = new TestIssuer("k");

        Assert.False(CheckpointKeys.TryLoad([("a.json", a.Jwks), ("b.json", b.Jwks)], out _, out var problem));

        Assert.Equal("b.json: key k differs from another key with the same kid", problem);
    }

    [Theory]
    [InlineData("[]", "jwks.json: not a JWKS: expected {\"keys\":[…]}")]
    [InlineData("""{"keys":{}}""", "jwks.json: not a JWKS: expected {\"keys\":[…]}")]
    [InlineData("""{"kty":"EC"}""", "jwks.json: not a JWKS: expected {\"keys\":[…]}")]
    public void Load_NotAJwks_SaysWhatIsExpected(string json, string expected)
    {
        Assert.False(CheckpointKeys.TryLoad([("jwks.json", json)], out _, out var problem));

        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Load_NotJson_NamesTheFile()
    {
        Assert.False(CheckpointKeys.TryLoad([("jwks.json", "<html>")], out _, out var problem));

        Assert.StartsWith("jwks.json: not JSON (", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ReturnsAFreshKeyEachTime()
    {
        using var issuer = new TestIssuer();
        Assert.True(CheckpointKeys.TryLoad([("jwks.json", issuer.Jwks)], out var keys, out _));

        using (var first = keys.Find("key-1"))
        {
            Assert.NotNull(first);
        }

        using var second = keys.Find("key-1");
        byte[] data = [1, 2, 3];
        Assert.True(second!.VerifyData(data, issuer.Key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }
}
