using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Server.Tests.Infrastructure;

/// <summary>
/// A small real OpenID Connect provider on loopback: discovery document and JWKS over HTTP, and
/// RS256 user tokens, like an organisation's identity provider would issue.
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly WebApplication _app;

    private TestIdentityProvider(WebApplication app, string url)
    {
        _app = app;
        Issuer = url;
    }

    public string Issuer { get; }

    public const string Audience = "jittokens";

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, url);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = url,
            ["jwks_uri"] = url + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._key.ExportParameters(false)) { KeyId = "idp-1" });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        return provider;
    }

    public string Issue(string user, IEnumerable<string> roles, string audience = Audience, TimeSpan? lifetime = null, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", "id-" + user), new("preferred_username", user) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "idp-1" }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
