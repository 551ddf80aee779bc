using JitTokens.Abstractions;

namespace JitTokens.Core;

/// <summary>Limits on free text that agents and humans send, so it stays safe to log, sign and show in chat.</summary>
internal static class TextRules
{
    public const int PurposeMin = 8;
    public const int PurposeMax = 500;
    public const int TargetMax = 200;
    public const int AgentMax = 64;
    public const int UserMax = 128;

    /// <summary>Null when <paramref name="purpose"/> is acceptable; otherwise what is wrong.</summary>
    public static string? CheckPurpose(string? purpose)
    {
        if (purpose is null)
        {
            return $"purpose is required: say in {PurposeMin}–{PurposeMax} characters why it is needed";
        }

        var length = purpose.Trim().Length;
        if (length < PurposeMin || length > PurposeMax)
        {
            return $"purpose must be {PurposeMin}–{PurposeMax} characters (got {length})";
        }

        if (HasControl(purpose))
        {
            return "purpose must be one line of text without control characters";
        }

        return CredentialText.LooksLikeCredential(purpose) ? NoCredentials("purpose") : null;
    }

    public static string? CheckTarget(string? target)
    {
        if (target is null)
        {
            return null;
        }

        if (target.Length is 0 or > TargetMax || string.IsNullOrWhiteSpace(target))
        {
            return $"target must be 1–{TargetMax} characters naming one object";
        }

        if (HasControl(target))
        {
            return "target must not contain control characters";
        }

        return CredentialText.LooksLikeCredential(target) ? NoCredentials("target") : null;
    }

    /// <summary>Agent names: 1–64 of letters, digits and <c>._:@/-</c>, starting with a letter or digit.</summary>
    public static bool IsAgentName(string? agent)
    {
        if (string.IsNullOrEmpty(agent) || agent.Length > AgentMax || !char.IsAsciiLetterOrDigit(agent[0]))
        {
            return false;
        }

        foreach (var c in agent)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '@' or '/' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Human user names as they arrive from the identity provider or dev login: 1–128 printable
    /// characters without spaces. A colon is refused because <c>slack:…</c> and <c>agent:…</c>
    /// name chat approvers and agents in approver groups and the log, and <c>anonymous</c> names
    /// failed authentication; a human must never pass as either.
    /// </summary>
    public static bool IsUserName(string? user)
        => !string.IsNullOrEmpty(user)
            && user.Length <= UserMax
            && !user.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == ':')
            && user != "anonymous"
            && !CredentialText.LooksLikeCredential(user);

    /// <summary>
    /// Echoes caller-supplied names in error messages without letting them grow the message, and
    /// never echoes something shaped like a credential (a session token or a JWT pasted in the wrong place).
    /// </summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        if (CredentialText.LooksLikeCredential(value) || value.Contains(Sessions.SessionToken.Prefix, StringComparison.Ordinal))
        {
            return "[a value that looks like a credential, not repeated here]";
        }

        return value.Length <= 80 ? $"'{value}'" : $"'{value[..80]}…'";
    }

    /// <summary>
    /// Agent-supplied text as it may be recorded in the issuance log: bounded to <paramref name="max"/>
    /// characters, and never a credential (refused requests are logged too, so validation alone does not protect the log).
    /// </summary>
    public static string? ForLog(string? value, int max = TargetMax)
    {
        if (value is null)
        {
            return null;
        }

        if (CredentialText.LooksLikeCredential(value) || value.Contains(Sessions.SessionToken.Prefix, StringComparison.Ordinal))
        {
            return CredentialText.Replacement;
        }

        return value.Length <= max ? value : value[..max] + "…";
    }

    private static string NoCredentials(string field)
        => $"{field} must not contain a credential: it is recorded in the issuance log and signed into the token";

    private static bool HasControl(string text) => text.Any(char.IsControl);
}
