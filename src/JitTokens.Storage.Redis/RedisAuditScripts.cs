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

    /// <summary>ARGV per token in <see cref="AppendRecording"/>.</summary>
    public const int RecordingArgs = 8;

    /// <summary>
    /// <see cref="Append"/> with new tokens recorded in the same write (<see cref="Core.Audit.ITokenRecordingAuditLog"/>).
    /// KEYS: audit, audit-head, then per token: ses, tok, ses-tok. ARGV: the four of <see cref="Append"/>, the number of events n,
    /// the number of tokens m, the entry id and JSON of each event, then per token: its event's position in the batch
    /// (1-based), now (ticks), data, exp, ttl ms, token id, exp (ms), now (ms).
    /// First every token's session is judged as <see cref="RedisScripts.AddTokens"/> judges it (each session read once,
    /// each token by its own clock): if any is refused, returns {2, {positions of the refused tokens' events}} having
    /// written nothing, and the caller links the batch again without them. Then the head, as <see cref="Append"/>
    /// ({0, seq, hash}, nothing written). Then the events (XADD first: deny-OOM), the tokens and their indexes (as
    /// AddTokens stores them) and the head; returns {1}.
    /// </summary>
    public static readonly RedisScript AppendRecording = new(RedisLua.Helpers + """
        local n, m = tonumber(ARGV[5]), tonumber(ARGV[6])
        local base = 6 + 2 * n
        local sessions, refused = {}, {}
        for t = 0, m - 1 do
          local k, a = 3 + t * 3, base + t * 8
          if not token_session(sessions, KEYS[k], ARGV[a + 2]) then refused[#refused + 1] = ARGV[a + 1] end
        end
        if #refused > 0 then return {2, refused} end
        local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
        local seq, hash = head[1] or '0', head[2] or ''
        if seq ~= ARGV[1] or (head[1] and hash ~= ARGV[2]) then return {0, seq, hash} end
        for i = 7, 6 + 2 * n, 2 do
          redis.call('XADD', KEYS[1], ARGV[i], 'event', ARGV[i + 1])
        end
        local ix = {}
        for t = 0, m - 1 do
          local k, a = 3 + t * 3, base + t * 8
          record_token(ix, KEYS[k + 1], KEYS[k + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], sessions[KEYS[k]][1], ARGV[a + 2], ARGV[a + 8])
        end
        tidy_indexes(ix)
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
