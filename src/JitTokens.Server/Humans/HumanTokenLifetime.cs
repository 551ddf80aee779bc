namespace JitTokens.Server.Humans;

/// <summary>
/// Lifetime of human JWTs judged on the server's <see cref="TimeProvider"/> (IdentityModel would
/// use the wall clock), with 30 seconds of skew either way. A token without <c>exp</c> is refused.
/// </summary>
internal static class HumanTokenLifetime
{
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    public static bool IsValid(DateTime? notBefore, DateTime? expires, DateTimeOffset now)
    {
        var utcNow = now.UtcDateTime;
        return expires is { } exp
            && exp.ToUniversalTime() > utcNow - Skew
            && (notBefore is not { } nbf || nbf.ToUniversalTime() <= utcNow + Skew);
    }
}
