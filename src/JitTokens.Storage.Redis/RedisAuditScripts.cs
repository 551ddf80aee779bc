namespace JitTokens.Storage.Redis;

/// <summary>
/// The Lua scripts of the issuance log (<see cref="RedisAuditLog"/>). Redis's Lua has no SHA-256, so the
/// chain is linked in C#; these scripts only make an append conditional on the head and atomic. Stream
/// entries have the id <c>&lt;seq&gt;-0</c> and one field, <c>event</c>: the event's JSON as chained.
/// </summary>
internal static class RedisAuditScripts
{
    /// <summary>
    /// Compare-and-append. KEYS: audit, audit-head. ARGV: expected head seq, expected head hash, new head seq,
    /// new head hash, then an entry id and the event JSON for each event, in order.
    /// Returns {1} when appended; {0, seq, hash} (the current head: '0' and '' while the log is empty) when the
    /// head is not the expected one, having written nothing. The first write is XADD, a deny-OOM command
    /// (<see cref="RedisScripts"/>), so a full Redis refuses the batch before any of it is written. Only the first
    /// XADD can meet an id at or below the stream's last one (the head key was lost or edited while the stream
    /// stayed): that error, too, comes before anything is written.
    /// </summary>
    public static readonly RedisScript Append = new("""
        local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
        local seq, hash = head[1] or '0', head[2] or ''
        if seq ~= ARGV[1] or (head[1] and hash ~= ARGV[2]) then return {0, seq, hash} end
        for i = 5, #ARGV, 2 do
          redis.call('XADD', KEYS[1], ARGV[i], 'event', ARGV[i + 1])
        end
        redis.call('HSET', KEYS[2], 'seq', ARGV[3], 'hash', ARGV[4])
        return {1}
        """);

    /// <summary>
    /// KEYS: audit. ARGV: the first entry id to return ('-' for the start), the most entries to return.
    /// Returns {entry id, event JSON} pairs in stream order ('' for an entry without an <c>event</c> field).
    /// A script (written when the client had no stream commands): it returns only the <c>event</c> field, one round trip.
    /// </summary>
    public static readonly RedisScript Read = new("""
        local out = {}
        for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])) do
          local fields, event = entry[2], ''
          for i = 1, #fields, 2 do
            if fields[i] == 'event' then event = fields[i + 1] end
          end
          out[#out + 1] = entry[1]
          out[#out + 1] = event
        end
        return out
        """);

    /// <summary>KEYS: audit stream. ARGV: the first entry id to keep (<c>seq-0</c>). Removes every older entry; returns how many.</summary>
    public static readonly RedisScript Trim = new("""
        return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
        """);
}
