namespace JitTokens.Validation.Revocation;

/// <summary>The <c>kind</c> of a feed entry (DESIGN.md §3.5).</summary>
internal static class RevocationKinds
{
    /// <summary>One token, by its <c>jti</c>.</summary>
    public const string Token = "token";

    /// <summary>An ended session: every token whose <c>sid</c> it is.</summary>
    public const string Session = "session";
}
