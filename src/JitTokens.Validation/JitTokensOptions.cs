namespace JitTokens.Validation;

/// <summary>
/// Options of <see cref="JitTokensAuthenticationBuilderExtensions.AddJitTokens"/>. Only
/// <see cref="Issuer"/> and <see cref="Environment"/> are required; the rest have defaults that
/// suit a production resource server. Checked when the host starts.
/// </summary>
public sealed class JitTokensOptions
{
    /// <summary>
    /// The issuer URL, e.g. <c>https://jit.internal.example</c>: exactly the <c>iss</c> of its tokens
    /// (a trailing slash is ignored). Discovery (<c>/.well-known/oauth-authorization-server</c>),
    /// the JWKS, the catalog and the revocation feed are read from it. Required.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// The environment this resource server belongs to, e.g. <c>production</c>: only tokens whose
    /// <c>env</c> claim is this name, and whose <c>aud</c> is its audience, pass. Required.
    /// </summary>
    public string? Environment { get; set; }

    /// <summary>
    /// The audience (<c>aud</c>) tokens must carry. Default <see langword="null"/>: the audience the
    /// issuer's catalog (<c>GET /v1/scopes</c>) gives <see cref="Environment"/>, read at start. Set it
    /// to pin the audience in your own configuration instead; the catalog is then not read.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Client id of this resource server at the issuer (<c>JitTokens:ResourceServers:&lt;id&gt;</c>),
    /// used with <see cref="ClientSecret"/> (HTTP Basic) to consume single-use tokens through
    /// <c>POST /oauth/introspect</c>. Default <see langword="null"/>: single-use (<c>use: "once"</c>)
    /// tokens are refused with 401.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The secret that goes with <see cref="ClientId"/>. Never logged. Default <see langword="null"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Clock skew allowed on <c>exp</c> and <c>nbf</c>, and kept on revocation entries after their
    /// <c>expires_at</c>. Default 30 seconds; 0 to 5 minutes.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the revocation feed may be silent (no entry, no keepalive) before every token is
    /// refused with 401 until the feed is back and caught up. The issuer sends a keepalive every 5
    /// seconds, so keep this well above that. Default 30 seconds; at least 1 second.
    /// </summary>
    public TimeSpan FeedStaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait between two attempts to reach the issuer (metadata, feed) after a failure;
    /// attempts start after 100 milliseconds and double up to this. Default 2 seconds.
    /// </summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the JWKS is read again to learn rotated keys. Default 5 minutes (the issuer's <c>max-age</c>).</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A token signed with a key id the resource server does not know makes it read the JWKS again
    /// before answering, at most once per this interval (so random key ids cannot flood the issuer).
    /// Default 10 seconds.
    /// </summary>
    public TimeSpan KeyRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of each request to the issuer other than the feed stream. Default 10 seconds.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether <see cref="Issuer"/> must be <c>https</c>. Default <see langword="true"/>; set
    /// <see langword="false"/> only for a local development issuer (<c>--dev</c> on http).
    /// </summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>
    /// The handler for every request to the issuer (proxies, custom certificates, tests). Default
    /// <see langword="null"/>: a pooled <see cref="SocketsHttpHandler"/>. Not disposed by the library.
    /// </summary>
    public HttpMessageHandler? BackchannelHttpHandler { get; set; }
}
