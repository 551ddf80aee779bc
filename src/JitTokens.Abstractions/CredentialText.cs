using System.Text.RegularExpressions;

namespace JitTokens.Abstractions;

/// <summary>
/// Recognises text shaped like a credential: a session token (<c>jits_…</c>), a JWT (three
/// base64url segments starting <c>eyJ</c>) or a PEM private key. The issuer refuses such text in
/// fields it records or signs, and every output of ours redacts it, so a token pasted into the
/// wrong place never lands in a log, an audit event or a token.
/// </summary>
public static partial class CredentialText
{
    /// <summary>What redacted text is replaced with.</summary>
    public const string Replacement = "[redacted]";

    /// <summary>True when <paramref name="text"/> contains something shaped like a credential.</summary>
    public static bool LooksLikeCredential(string? text) => text is not null && Shape().IsMatch(text);

    /// <summary><paramref name="text"/> with every credential-shaped part replaced by <see cref="Replacement"/>.</summary>
    public static string Redact(string text) => Shape().Replace(text, Replacement);

    [GeneratedRegex(@"jits_[A-Za-z0-9_\-]+|eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*\.?[A-Za-z0-9_\-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
