using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>Log messages of the Redis store. Never a token, a hash or the configuration string (it may hold a password).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, EventName = "RedisConnectionFailed", Level = LogLevel.Warning,
        Message = "Redis connection to {EndPoint} failed ({FailureType}); store calls answer 'unavailable' until it is restored")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? endPoint, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 3002, EventName = "RedisConnectionRestored", Level = LogLevel.Information,
        Message = "Redis connection to {EndPoint} restored")]
    public static partial void ConnectionRestored(ILogger logger, EndPoint? endPoint);

    [LoggerMessage(EventId = 3003, EventName = "RedisAuditAppendConfirmedLate", Level = LogLevel.Information,
        Message = "Redis did not answer the audit append of seq {FirstSeq}..{LastSeq} in time, but the head shows it stored")]
    public static partial void AuditAppendConfirmedLate(ILogger logger, long firstSeq, long lastSeq);

    [LoggerMessage(EventId = 3004, EventName = "RedisAuditAppendUnconfirmed", Level = LogLevel.Warning,
        Message = "Redis did not confirm the audit append of seq {FirstSeq}..{LastSeq} and it is not known to be stored; it is reported as failed and never sent again, but if Redis still runs it, it lands once")]
    public static partial void AuditAppendUnconfirmed(ILogger logger, long firstSeq, long lastSeq, Exception exception);
}
