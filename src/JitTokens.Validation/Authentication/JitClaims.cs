namespace JitTokens.Validation.Authentication;

/// <summary>The claims of a JitTokens access token the library reads (DESIGN.md §3.8; unmapped, <c>MapInboundClaims = false</c>).</summary>
internal static class JitClaims
{
    public const string Subject = "sub";
    public const string Environment = "env";
    public const string Scope = "scope";
    public const string TokenId = "jti";
    public const string SessionId = "sid";
    public const string Target = "target";
    public const string Use = "use";

    /// <summary>The value of <see cref="Use"/> on single-use tokens.</summary>
    public const string UseOnce = "once";

    /// <summary>The JOSE <c>typ</c> of access tokens, and its media-type spelling (RFC 9068 §2.1, §4).</summary>
    public static readonly string[] AccessTokenTypes = ["at+jwt", "application/at+jwt"];

    /// <summary>The one signing algorithm accepted.</summary>
    public const string Algorithm = "ES256";

    /// <summary>The prefix of opaque session tokens, never accepted here (DESIGN.md §3.8).</summary>
    public const string SessionTokenPrefix = "jits_";
}
