using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Core.Keys;

/// <summary>
/// An ES256 (P-256) signing key with its RFC 7638 thumbprint as <c>kid</c> and its JOSE header
/// pre-encoded. Each thread signs with its own <see cref="ECDsa"/> instance, since instances are
/// not documented as thread-safe.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly ThreadLocal<ECDsa> _signers;
    private bool _disposed;

    private SigningKey(ECParameters parameters, DateTimeOffset activatesAt, string source)
    {
        ActivatesAt = activatesAt;
        Source = source;
        var x = Base64Url.EncodeToString(parameters.Q.X);
        var y = Base64Url.EncodeToString(parameters.Q.Y);
        Kid = Thumbprint(x, y);
        PublicJwk = new PublicJsonWebKey { Kty = "EC", Crv = "P-256", X = x, Y = y, Kid = Kid, Use = "sig", Alg = "ES256" };
        var header = $$"""{"alg":"ES256","typ":"{{JitClaimNames.AccessTokenType}}","kid":"{{Kid}}"}""";
        HeaderSegment = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)));
        _signers = new ThreadLocal<ECDsa>(() => ECDsa.Create(parameters), trackAllValues: true);
    }

    public string Kid { get; }

    /// <summary>When this key starts signing; before that it is only published.</summary>
    public DateTimeOffset ActivatesAt { get; }

    /// <summary>Where the key came from (a file name, or "generated"), for logs. Never the key.</summary>
    public string Source { get; }

    public PublicJsonWebKey PublicJwk { get; }

    /// <summary>The base64url JOSE header, ASCII.</summary>
    public byte[] HeaderSegment { get; }

    /// <summary>Takes a copy of <paramref name="key"/>'s parameters; the caller keeps ownership of <paramref name="key"/>.</summary>
    public static SigningKey FromECDsa(ECDsa key, DateTimeOffset activatesAt, string source)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException($"{source}: the key is not on P-256 (ES256 needs a prime256v1 key)");
        }

        return new SigningKey(parameters, activatesAt, source);
    }

    public static SigningKey Generate(DateTimeOffset activatesAt)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return FromECDsa(key, activatesAt, "generated");
    }

    /// <summary>Writes the 64-byte IEEE P1363 signature (RFC 7518 §3.4) of <paramref name="data"/>.</summary>
    public int Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        => _signers.Value!.SignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>True when <paramref name="signature"/> is this key's ES256 signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
        => _signers.Value!.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var signer in _signers.Values)
        {
            signer.Dispose();
        }

        _signers.Dispose();
    }

    /// <summary>RFC 7638 §3.2: SHA-256 over the required members in lexicographic order.</summary>
    private static string Thumbprint(string x, string y)
    {
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
