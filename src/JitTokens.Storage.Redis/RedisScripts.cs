namespace JitTokens.Storage.Redis;

/// <summary>
/// The Lua scripts of sessions and tokens; escalations have <see cref="RedisEscalationScripts"/> and the
/// chat outbox <see cref="RedisOutboxScripts"/>, on the same rules. Each multi-key change is one script, so it is atomic
/// and costs one round trip. Instants arrive as 19-digit tick strings (<see cref="RedisTime"/>); the
/// caller's clock is the judge ("now" is an argument), never Redis's. Scripts derive some keys from
/// set members, which is why the store needs one Redis instance, not a cluster.
/// The first write of every script is a deny-OOM command (HSET, SET): Redis refuses a script under
/// maxmemory only at its first write and lets it finish once it has written anything, so a leading
/// DEL would let a full Redis keep growing.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS: ses, ses-by-hash, sessions, sessions-of. ARGV: prefix, now, data, exp, ttl ms, score, id, owner.
    /// Also drops up to 8 of the oldest index entries whose session is gone, and keeps each index alive
    /// as long as its longest-lived session.
    /// </summary>
    public static readonly RedisScript CreateSession = new(RedisLua.Helpers + """
        redis.call('HSET', KEYS[1], 'data', ARGV[3], 'exp', ARGV[4], 'owner', ARGV[8])
        redis.call('HDEL', KEYS[1], 'ended')
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('SET', KEYS[2], ARGV[7], 'PX', ARGV[5])
        local ttl = tonumber(ARGV[5])
        for i = 3, 4 do
          redis.call('ZADD', KEYS[i], ARGV[6], ARGV[7])
          if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
          for _, old in ipairs(redis.call('ZRANGE', KEYS[i], -8, -1)) do
            if redis.call('EXISTS', ARGV[1] .. 'ses:' .. old) == 0 then redis.call('ZREM', KEYS[i], old) end
          end
        end
        return 1
        """);

    /// <summary>KEYS: ses-by-hash. ARGV: prefix. Returns nil, or {data, ended} of the session (expiry judged by the caller).</summary>
    public static readonly RedisScript FindSessionByTokenHash = new("""
        local id = redis.call('GET', KEYS[1])
        if not id then return false end
        return redis.call('HMGET', ARGV[1] .. 'ses:' .. id, 'data', 'ended')
        """);

    /// <summary>
    /// KEYS: an index ZSET. ARGV: prefix, now, active only ('1'/'0'), limit. Returns {data, ended or ''}
    /// pairs in index order, stopping after the limit-th match's millisecond (the caller sorts exactly
    /// inside it). Drops index entries whose session is gone.
    /// </summary>
    public static readonly RedisScript ListSessions = new(RedisLua.Helpers + """
        local now, active, limit = ARGV[2], ARGV[3] == '1', tonumber(ARGV[4])
        local out, taken, cutoff, start = {}, 0, nil, 0
        while true do
          local page = redis.call('ZRANGE', KEYS[1], start, start + 99, 'WITHSCORES')
          if #page == 0 then return out end
          local removed = 0
          for i = 1, #page, 2 do
            local id, score = page[i], tonumber(page[i + 1])
            if cutoff and score > cutoff then return out end
            local s = redis.call('HMGET', ARGV[1] .. 'ses:' .. id, 'data', 'exp', 'ended')
            if not s[1] then
              redis.call('ZREM', KEYS[1], id)
              removed = removed + 1
            elseif later(s[2], now) and not (active and s[3]) then
              out[#out + 1] = s[1]
              out[#out + 1] = s[3] or ''
              taken = taken + 1
              if taken == limit then cutoff = score end
            end
          end
          start = start + 100 - removed
        end
        """);

    /// <summary>
    /// KEYS: ses, ses-tok, ses-esc, esc-due. ARGV: prefix, now, at (ticks), at (text), now (ms), session id, now minus the feed's grace (ticks).
    /// Returns {0} unknown or expired; {2, data, ended} already ended; {1, data, ended, revoked ids, cancelled ids}.
    /// Revokes unexpired unrevoked tokens; cancels pending or approved escalations that expire after <c>at</c>
    /// (a new version, so a compare-and-set prepared before the end fails, and no longer due for the expiry sweep).
    /// Escalations written before versions existed count as version 1.
    /// The token index is scored by expiry, so only tokens that may still be live are visited.
    /// The first end adds a <c>session</c> entry to <c>{prefix}revocations</c>, kept until the session's expiry.
    /// </summary>
    public static readonly RedisScript EndSession = new(RedisLua.Helpers + """
        local now, at, at_text = ARGV[2], ARGV[3], ARGV[4]
        local s = redis.call('HMGET', KEYS[1], 'data', 'exp', 'ended')
        if not s[1] or not later(s[2], now) then return {0} end
        if s[3] then return {2, s[1], s[3]} end
        redis.call('HSET', KEYS[1], 'ended', at_text)
        redis.call('ZREM', ARGV[1] .. 'ses-heartbeat', ARGV[6])
        local revoked, cancelled = {}, {}
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[5], '+inf')) do
          local key = ARGV[1] .. 'tok:' .. id
          local t = redis.call('HMGET', key, 'exp', 'revoked')
          if t[1] and not t[2] and later(t[1], now) then
            redis.call('HSET', key, 'revoked', at_text)
            revoked[#revoked + 1] = id
          end
        end
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
          local key = ARGV[1] .. 'esc:' .. id
          local e = redis.call('HMGET', key, 'exp', 'status')
          if e[1] and (e[2] == 'pending' or e[2] == 'approved') and later(e[1], at) then
            redis.call('HSET', key, 'status', 'cancelled')
            redis.call('HSETNX', key, 'ver', '1')
            redis.call('HINCRBY', key, 'ver', 1)
            redis.call('ZREM', KEYS[4], member(e[1], id))
            cancelled[#cancelled + 1] = id
          end
        end
        add_revocation(ARGV[1] .. 'revocations', 'session', ARGV[6], at_text, s[2], ARGV[7])
        return {1, s[1], at_text, revoked, cancelled}
        """);

    /// <summary>KEYS per token in <see cref="AddTokens"/>.</summary>
    public const int AddTokensKeys = 3;

    /// <summary>ARGV per token in <see cref="AddTokens"/>.</summary>
    public const int AddTokensArgs = 7;

    /// <summary>
    /// New tokens the store writes itself, one or a group (<see cref="RedisTokenWriter"/>): when the audit sink does not record
    /// them with their events (<see cref="RedisAuditScripts.AppendRecording"/>, which judges them the same way), as with the
    /// benchmark's log switched off. Per token, in order,
    /// KEYS: ses, tok, ses-tok; ARGV: now, data, exp, ttl ms, token id, exp (ms), now (ms).
    /// Returns one answer per token: 1 when stored, 0 (nothing written for it) when its session is unknown,
    /// expired or ended. Each token is judged on its own, as if written alone: a session is read once per call
    /// (nothing here changes it, and the script is atomic) and judged against each token's own "now".
    /// The session's token index is a sorted set scored by expiry; expired ids are pruned here, so
    /// it holds only tokens that may still be live and ending the session stays proportional to them.
    /// Pruning and the index's TTL are done once per index after its tokens are added, with the latest "now"
    /// of those tokens and the longest TTL (the session's remaining time by the earliest "now"), rather than
    /// two commands per token. The index ends as one write after another would leave it but for two things, both
    /// within the spread of the group's clocks (milliseconds): a token of the group already expired by a later
    /// token's clock is pruned with the rest, and the TTL is taken from the earliest clock, not the last token's.
    /// The first write is HSET (deny-OOM): a full Redis refuses the group before anything is written.
    /// </summary>
    public static readonly RedisScript AddTokens = new(RedisLua.Helpers + """
        local out, sessions, ix = {}, {}, {}
        for i = 0, #KEYS / 3 - 1 do
          local k, a = i * 3, i * 7
          local session_exp = token_session(sessions, KEYS[k + 1], ARGV[a + 1])
          if session_exp then
            record_token(ix, KEYS[k + 2], KEYS[k + 3], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], session_exp, ARGV[a + 1], ARGV[a + 7])
            out[i + 1] = 1
          else
            out[i + 1] = 0
          end
        end
        tidy_indexes(ix)
        return out
        """);

    /// <summary>KEYS: tok. ARGV: now, at (text). Returns 1 when revoked now, 0 when unknown, expired or already revoked.</summary>
    public static readonly RedisScript RevokeToken = new(RedisLua.Helpers + """
        local t = redis.call('HMGET', KEYS[1], 'exp', 'revoked')
        if not t[1] or t[2] or not later(t[1], ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'revoked', ARGV[2])
        add_revocation(KEYS[2], 'token', ARGV[3], ARGV[2], t[1], ARGV[4])
        return 1
        """);

    /// <summary>
    /// KEYS: ses, ses-heartbeat. ARGV: now (ticks), deadline (Unix ms), session id. Arms the session's heartbeat deadline
    /// when the session is live; the index lives as long as the session. Returns 1, or 0 (nothing written).
    /// </summary>
    public static readonly RedisScript SetHeartbeat = new(RedisLua.Helpers + """
        local session_exp = live_session(KEYS[1], ARGV[1])
        if not session_exp then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
        extend(KEYS[2], ttl_ms(session_exp, ARGV[1]))
        return 1
        """);

    /// <summary>
    /// KEYS: ses-heartbeat. ARGV: prefix, now (ticks), now (Unix ms), limit. The live sessions whose deadline has passed,
    /// soonest first; members whose session is gone or ended are dropped as they are met.
    /// </summary>
    public static readonly RedisScript ListLapsed = new(RedisLua.Helpers + """
        local out = {}
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, ARGV[4])) do
          if live_session(ARGV[1] .. 'ses:' .. id, ARGV[2]) then out[#out + 1] = id else redis.call('ZREM', KEYS[1], id) end
        end
        return out
        """);

    /// <summary>
    /// KEYS: tok. ARGV: now (ticks), at (round-trip text). Marks a live, unrevoked token consumed once (ending its
    /// session revokes it, so "unrevoked" covers the session too). Returns 1 consumed here, 2 consumed before, 0 not live.
    /// </summary>
    public static readonly RedisScript ConsumeToken = new(RedisLua.Helpers + """
        local t = redis.call('HMGET', KEYS[1], 'exp', 'revoked', 'consumed')
        if not t[1] or t[2] or not later(t[1], ARGV[1]) then return 0 end
        if t[3] then return 2 end
        redis.call('HSET', KEYS[1], 'consumed', ARGV[2])
        return 1
        """);

    /// <summary>
    /// KEYS: revocations. ARGV: the cursor to read after (exclusive, <c>ms-n</c>), the most live entries, the instant (ticks)
    /// an entry's <c>exp</c> must be later than to be live (now minus the grace), the most entries to examine.
    /// Returns {last id examined (or the cursor), {cursor, kind, id, at, exp} flattened for each live entry}, in feed
    /// order: expired entries are skipped here, so a run of them never looks like the end of the feed.
    /// A script, so a long run of expired entries is skipped inside Redis rather than sent to the issuer.
    /// </summary>
    public static readonly RedisScript ReadRevocations = new(RedisLua.Helpers + """
        local out, last, scanned = {}, ARGV[1], 0
        local limit, budget = tonumber(ARGV[2]), tonumber(ARGV[4])
        while #out < limit * 5 and scanned < budget do
          local entries = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', math.min(math.max(limit, 100), budget - scanned))
          if #entries == 0 then break end
          for _, entry in ipairs(entries) do
            scanned = scanned + 1
            last = entry[1]
            local f = {}
            for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
            if f['exp'] and later(f['exp'], ARGV[3]) then
              out[#out + 1] = entry[1]
              out[#out + 1] = f['k'] or ''
              out[#out + 1] = f['id'] or ''
              out[#out + 1] = f['at'] or ''
              out[#out + 1] = f['exp']
              if #out >= limit * 5 then break end
            end
          end
        end
        return {last, out}
        """);
}
