using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JitTokens.Cli.Audit;
using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests.Audit;

/// <summary>A checkpoint's compact JWS, checked offline against a JWKS (RFC 7515, RFC 7518 §3.4).</summary>
public sealed class CheckpointJwsTests : IDisposable
{
    private static readonly string Hash = new('c', 64);
    private readonly TestIssuer _issuer = new();

    [Fact]
    public void Verify_SignedByTheIssuer_ReturnsWhatItStates()
    {
        var ok = CheckpointJws.TryVerify(_issuer.Sign(42, Hash), Keys(), out var checkpoint, out var problem);

        Assert.True(ok, problem);
        Assert.Equal(new SignedCheckpoint(TestIssuer.Issuer, 42, Hash, TestIssuer.Start.AddHours(1), "key-1"), checkpoint);
    }

    [Fact]
    public void Verify_PayloadChangedAfterSigning_IsRefused()
    {
        var parts = _issuer.Sign(42, Hash).Split('.');
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"iss":"{{TestIssuer.Issuer}}","seq":43,"hash":"{{Hash}}","iat":1}"""));

        AssertRefused($"{parts[0]}.{payload}.{parts[2]}", "the signature does not verify with key key-1");
    }

    [Theory]
    [InlineData("""{"alg":"none","typ":"jittokens-checkpoint+jwt","kid":"key-1"}""", "the jws is signed with alg none, not ES256")]
    [InlineData("""{"alg":"HS256","typ":"jittokens-checkpoint+jwt","kid":"key-1"}""", "the jws is signed with alg HS256, not ES256")]
    [InlineData("""{"typ":"jittokens-checkpoint+jwt","kid":"key-1"}""", "the jws is signed with alg (none), not ES256")]
    [InlineData("""{"alg":"ES256","typ":"at+jwt","kid":"key-1"}""", "the jws has typ at+jwt, not jittokens-checkpoint+jwt: it is not a checkpoint")]
    [InlineData("""{"alg":"ES256","typ":"jittokens-checkpoint+jwt"}""", "the jws header names no kid")]
    [InlineData("""{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid":"key-1","crit":["b64"],"b64":false}""", "the jws header has crit extensions this verifier does not understand")]
    [InlineData("""{"alg":"ES256","alg":"none","typ":"jittokens-checkpoint+jwt","kid":"key-1"}""", "the jws header or payload is not JSON")]
    [InlineData("""["ES256"]""", "the jws header is not a JSON object")]
    public void Verify_HeaderThatIsNotAnEs256Checkpoint_IsRefused(string header, string problem)
        => AssertRefused(_issuer.Sign(42, Hash, header), problem);

    [Fact]
    public void Verify_KidTheJwksDoesNotHold_IsRefused()
        => AssertRefused(_issuer.Sign(42, Hash, """{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid":"key-9"}"""), "signed by key key-9, which the JWKS does not hold");

    [Fact]
    public void Verify_SameKidButAnotherKey_IsRefused()
    {
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        AssertRefused(_issuer.Sign(42, Hash, key: impostor), "the signature does not verify with key key-1");
    }

    [Fact]
    public void Verify_DerEncodedSignature_IsRefused()
    {
        var parts = _issuer.Sign(42, Hash).Split('.');
        var der = _issuer.Key.SignData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        AssertRefused($"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(der)}", "the signature does not verify with key key-1");
    }

    [Theory]
    [InlineData("""{"iss":"i","seq":"42","hash":"h","iat":1}""")]
    [InlineData("""{"iss":"i","hash":"h","iat":1}""")]
    [InlineData("""{"iss":"i","seq":42,"hash":"h","iat":1.5}""")]
    [InlineData("""{"iss":"i","seq":42,"seq":41,"hash":"h","iat":1}""")]
    public void Verify_SignedPayloadThatIsNotACheckpoint_IsRefused(string payload)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"ES256","typ":"jittokens-checkpoint+jwt","kid":"key-1"}"""));
        var jws = TestIssuer.SignParts(header, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)), _issuer.Key);

        Assert.False(CheckpointJws.TryVerify(jws, Keys(), out _, out var problem));
        Assert.Contains(problem, new[] { "the signed payload is not {\"iss\",\"seq\",\"hash\",\"iat\"}", "the jws header or payload is not JSON" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJ.eyJ.")]
    [InlineData("ey J.eyJ.sig")]
    public void Verify_NotACompactJws_IsRefused(string jws)
        => AssertRefused(jws, "the jws is not a compact JWS (three base64url parts)");

    public void Dispose() => _issuer.Dispose();

    private CheckpointKeys Keys()
    {
        Assert.True(CheckpointKeys.TryLoad([("jwks.json", _issuer.Jwks)], out var keys, out var problem), problem);
        return keys;
    }

    private void AssertRefused(string jws, string expected)
    {
        Assert.False(CheckpointJws.TryVerify(jws, Keys(), out var checkpoint, out var problem));
        Assert.Null(checkpoint);
        Assert.Equal(expected, problem);
    }
}
