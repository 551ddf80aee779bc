namespace JitTokens.Server.Chat;

/// <summary>The outcome of <see cref="SlackSignature.Verify"/>. Only <see cref="Valid"/> lets a request through.</summary>
internal enum SlackSignatureCheck
{
    /// <summary>Signed with the signing secret, within <see cref="SlackSignature.Window"/>.</summary>
    Valid,

    /// <summary>The timestamp or signature header is absent or empty.</summary>
    Missing,

    /// <summary>A header is not in Slack's form: ASCII digits, and <c>v0=</c> with 64 lowercase hex digits.</summary>
    Malformed,

    /// <summary>The timestamp is more than <see cref="SlackSignature.Window"/> before or after now: a replay, or a skewed clock.</summary>
    OutsideWindow,

    /// <summary>Well-formed, but not made with this signing secret over this body.</summary>
    Mismatch,
}
