using JitTokens.Validation.Authentication;
using JitTokens.Validation.Issuer;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace JitTokens.Validation.Hosting;

/// <summary>
/// Configures the JwtBearer scheme <see cref="JitTokensDefaults.AuthenticationScheme"/>: keys and
/// audience come from <see cref="IssuerState"/> (filled by the background service), never from
/// JwtBearer's own metadata retrieval, so all traffic to the issuer goes through one client.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<JitTokensOptions> options, IssuerClient issuer, IssuerState state) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions bearer)
    {
        if (name != JitTokensDefaults.AuthenticationScheme)
        {
            return;
        }

        bearer.MapInboundClaims = false;
        bearer.SaveToken = false;
        bearer.IncludeErrorDetails = true;
        bearer.RefreshOnIssuerKeyNotFound = false;
        bearer.EventsType = typeof(JitBearerEvents);
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            AuthenticationType = JitTokensDefaults.AuthenticationScheme,
            ValidateIssuer = true,
            ValidIssuer = issuer.Issuer,
            ValidateAudience = true,
            AudienceValidator = (audiences, _, _) => state.Audience is { } audience && audiences.Contains(audience, StringComparer.Ordinal),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = options.Value.ClockSkew,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = JitClaims.AccessTokenTypes,
            IssuerSigningKeyResolver = (_, _, kid, _) => state.KeysFor(kid),
            TryAllIssuerSigningKeys = false,
            NameClaimType = JitClaims.Subject,
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
