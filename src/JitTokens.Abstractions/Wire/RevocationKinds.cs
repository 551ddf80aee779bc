namespace JitTokens.Abstractions.Wire;

/// <summary>The <c>kind</c> of a <see cref="RevocationItem"/>.</summary>
public static class RevocationKinds
{
    /// <summary>One token: its <c>jti</c>.</summary>
    public const string Token = "token";

    /// <summary>A session that ended: every token whose <c>sid</c> it is.</summary>
    public const string Session = "session";
}
