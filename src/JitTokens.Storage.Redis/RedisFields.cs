using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>Hash field names, as the scripts in <see cref="RedisScripts"/> and <see cref="RedisAuditScripts"/> spell them.</summary>
internal static class RedisFields
{
    public static readonly RedisValue Data = "data";
    public static readonly RedisValue Ended = "ended";
    public static readonly RedisValue Revoked = "revoked";
    public static readonly RedisValue Consumed = "consumed";
    public static readonly RedisValue Status = "status";
    public static readonly RedisValue Version = "ver";

    /// <summary>The audit head's seq (<see cref="RedisKeys.AuditHead"/>).</summary>
    public static readonly RedisValue Seq = "seq";

    /// <summary>The audit head's hash (<see cref="RedisKeys.AuditHead"/>).</summary>
    public static readonly RedisValue Hash = "hash";
}
