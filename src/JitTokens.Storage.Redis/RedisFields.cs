using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>Hash field names, as the scripts in <see cref="RedisScripts"/> spell them.</summary>
internal static class RedisFields
{
    public static readonly RedisValue Data = "data";
    public static readonly RedisValue Ended = "ended";
    public static readonly RedisValue Revoked = "revoked";
    public static readonly RedisValue Status = "status";
    public static readonly RedisValue Version = "ver";
}
