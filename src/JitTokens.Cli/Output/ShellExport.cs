namespace JitTokens.Cli.Output;

/// <summary><c>export NAME=value</c> lines for <c>eval "$(jit …)"</c> in POSIX shells.</summary>
internal static class ShellExport
{
    public static string Line(string name, string value) => $"export {name}={Quote(value)}";

    /// <summary>Tokens and ids are base64url and dots, safe bare; anything else is single-quoted.</summary>
    private static string Quote(string value)
        => value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '~' or ':' or '/')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
