namespace JitTokens.Core.Options;

/// <summary>
/// The issuer's own settings and limits (configuration section <c>JitTokens</c>). Durations are
/// TimeSpans, written <c>hh:mm:ss</c> in configuration (e.g. <c>JitTokens__MaxTokenTtl=00:30:00</c>).
/// </summary>
internal sealed class JitTokensOptions
{
    public const string SectionName = "JitTokens";

    /// <summary>The issuer URL: <c>iss</c> of every token and base of discovery. Required outside dev mode; dev default <c>http://localhost:5080</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The global hard cap on any token's lifetime; bounds every catalog <c>max_ttl</c>. Default 1 hour.</summary>
    public TimeSpan MaxTokenTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The TTL of a token request that names none, when the scope allows it. Default 5 minutes (DESIGN.md §3.2).</summary>
    public TimeSpan DefaultTokenTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest session. Default 12 hours (43200 s).</summary>
    public TimeSpan MaxSessionTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The lifetime of a session that names none. Default 2 hours (7200 s).</summary>
    public TimeSpan DefaultSessionTtl { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a pending escalation waits for a decision. Default 15 minutes.</summary>
    public TimeSpan EscalationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an approved escalation can be redeemed. Default 5 minutes.</summary>
    public TimeSpan ApprovalRedeemTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the server looks for escalations whose time ran out, to mark them expired and update chat. Default 5 seconds.</summary>
    public TimeSpan EscalationSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often agents should poll an escalation, in seconds. Default 2.</summary>
    public int PollIntervalSeconds { get; set; } = 2;
}
