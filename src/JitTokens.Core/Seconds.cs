namespace JitTokens.Core;

/// <summary>Token and session times are whole seconds (JWT NumericDate, RFC 7519 §2); every rounding goes through here.</summary>
internal static class Seconds
{
    public static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
