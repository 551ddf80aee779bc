using System.Security.Claims;
using System.Security.Cryptography;
using JitTokens.Core.Humans;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Server.Humans;

/// <summary>
/// Dev mode's stand-in identity provider: a key of its own (never the token signing key, never
/// in the JWKS), so a human token can never pass as an access token or the other way round.
/// </summary>
internal sealed class DevHumanTokens(TimeProvider time) : IDisposable
{
    public const string Issuer = "urn:jittokens:dev-login";
    public const string Audience = "jittokens-dev";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly JsonWebTokenHandler _handler = new();

    public SecurityKey ValidationKey => new ECDsaSecurityKey(_key) { KeyId = "dev-login" };

    public string Issue(Human human)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", human.Name), new("preferred_username", human.Name) };
        claims.AddRange(human.Roles.Order(StringComparer.Ordinal).Select(r => new Claim("roles", r)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(ValidationKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public void Dispose() => _key.Dispose();
}
