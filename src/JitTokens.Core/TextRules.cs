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
            return $"purpose is required: say in {PurposeMin}–{PurposeMax} characters why the token is needed";
        }

        var length = purpose.Trim().Length;
        if (length < PurposeMin || length > PurposeMax)
        {
            return $"purpose must be {PurposeMin}–{PurposeMax} characters (got {length})";
        }

        return HasControl(purpose) ? "purpose must be one line of text without control characters" : null;
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

        return HasControl(target) ? "target must not contain control characters" : null;
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

    /// <summary>Human user names as they arrive from the identity provider or dev login: 1–128 printable characters without spaces.</summary>
    public static bool IsUserName(string? user)
        => !string.IsNullOrEmpty(user) && user.Length <= UserMax && !user.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

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

        if (value.Contains(Sessions.SessionToken.Prefix, StringComparison.Ordinal) || value.Contains("eyJ", StringComparison.Ordinal))
        {
            return "[a value that looks like a credential, not repeated here]";
        }

        return value.Length <= 80 ? $"'{value}'" : $"'{value[..80]}…'";
    }

    private static bool HasControl(string text) => text.Any(char.IsControl);
}
