using System.Text;
using JitTokens.Abstractions;

namespace JitTokens.Cli.Output;

/// <summary>
/// Makes text safe for one stderr line: control characters become spaces, and anything shaped
/// like a credential (the caller's own tokens, any <c>jits_…</c> session token, any JWT) becomes
/// <c>[redacted]</c>. Server details do not carry credentials, but they echo identifiers the
/// caller typed, and a pasted token is an identifier like any other to the server.
/// </summary>
internal static class Redactor
{
    public const string Replacement = CredentialText.Replacement;
    private static readonly string[] CredentialVariables = [EnvironmentVariables.HumanToken, EnvironmentVariables.SessionToken];

    public static string Clean(string text, CliContext context)
    {
        foreach (var variable in CredentialVariables)
        {
            if (context.Env(variable) is { Length: >= 8 } secret)
            {
                text = text.Replace(secret, Replacement, StringComparison.Ordinal);
            }
        }

        text = CredentialText.Redact(text);
        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString().Trim();
    }
}
