namespace JitTokens.Server.Humans;

/// <summary>
/// How humans authenticate (configuration section <c>JitTokens:Humans</c>): bearer JWTs from the
/// organisation's OpenID Connect identity provider, validated with JwtBearer. Required outside
/// dev mode; in dev mode <c>POST /dev/login</c> issues the human tokens instead.
/// </summary>
internal sealed class HumanAuthOptions
{
    public const string SectionName = "JitTokens:Humans";

    /// <summary>The identity provider's issuer URL; its <c>/.well-known/openid-configuration</c> gives the keys. No default.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience human tokens must carry (the JitTokens client/app id at the provider). No default.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the user's roles (a string or an array). Default <c>roles</c>.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>The claim holding the user name recorded as owner and actor. Default <c>preferred_username</c>; falls back to <c>sub</c>.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Require https for the provider's metadata. Default true; turn off only for a provider on loopback.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
