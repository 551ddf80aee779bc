namespace JitTokens.Server.Revocations;

/// <summary><c>JitTokens:RevocationFeed</c>: how the revocation feed (DESIGN.md §3.5) is served.</summary>
internal sealed class RevocationFeedOptions
{
    public const string SectionName = "JitTokens:RevocationFeed";

    /// <summary>How often each instance reads new entries from the store for its streams. Bounds propagation: keep it well under 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A comment line is sent on an idle stream this often, so clients can tell a quiet feed from a dead one.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Open streams per instance; one more is answered 503 with <c>Retry-After</c>.</summary>
    public int MaxStreams { get; set; } = 1000;

    /// <summary>Entries a stream may fall behind by; a client that slow is disconnected and resumes from its cursor.</summary>
    public int StreamBuffer { get; set; } = 10_000;
}
