namespace JitTokens.Cli;

/// <summary>The environment variables <c>jit</c> reads. Credentials live only here, never in a file (DESIGN.md §7).</summary>
internal static class EnvironmentVariables
{
    /// <summary>The issuer URL when <c>--url</c> is not given.</summary>
    public const string Url = "JIT_URL";

    /// <summary>The human's bearer JWT, set by <c>eval "$(jit login --dev alice)"</c>.</summary>
    public const string HumanToken = "JIT_HUMAN_TOKEN";

    /// <summary>The agent's session token (<c>jits_…</c>), set by <c>eval "$(jit session start …)"</c>.</summary>
    public const string SessionToken = "JIT_SESSION_TOKEN";

    /// <summary>The session id (<c>ses_…</c>), for messages; never a credential.</summary>
    public const string SessionId = "JIT_SESSION_ID";
}
