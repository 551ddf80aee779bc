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
}
