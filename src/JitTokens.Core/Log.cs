using Microsoft.Extensions.Logging;

namespace JitTokens.Core;

/// <summary>Log lines of the core (STYLE.md 12): never a token, session token, key or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "RateLimited", Level = LogLevel.Warning,
        Message = "Rate limit per {Kind} reached by {Key}: {Refused} request(s) refused since the last warning (at most one a minute), retry after {RetryAfterSeconds} s; the limit is {PermitsPerSecond}/s with bursts of {Burst} on this instance")]
    public static partial void RateLimited(ILogger logger, string kind, string key, int refused, int retryAfterSeconds, double permitsPerSecond, int burst);

    [LoggerMessage(EventId = 2002, EventName = "RateLimitKeysFull", Level = LogLevel.Warning,
        Message = "Rate limit per {Kind} tracks its maximum of {MaxKeys} keys, all recently active: new ones are not limited until some go idle (raise JitTokens:RateLimits:MaxTrackedKeys)")]
    public static partial void RateLimitKeysFull(ILogger logger, string kind, int maxKeys);
}
