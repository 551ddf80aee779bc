namespace JitTokens.Storage.Redis;

/// <summary>
/// The Lua scripts of escalations, on the rules of <see cref="RedisScripts"/> (instants as tick strings
/// compared with <c>later</c>, the caller's clock, a deny-OOM first write). "Retained" means
/// <c>exp</c> later than the caller's now − <see cref="Core.Storage.StoreRetention.Escalation"/>, as the in-memory store judges it.
/// </summary>
internal static class RedisEscalationScripts
{
    /// <summary>
    /// KEYS: ses, esc, ses-esc, esc-due, escalations, outbox-due[, outbox-msg].
    /// ARGV: prefix, now, data, exp, ttl ms (expiry + retention), id, status, version, escalations member[, message: id, data, exp, due, ttl ms].
    /// Same session check as <see cref="RedisScripts.AddTokens"/>; 1 when stored with its message, 0 when nothing was written.
    /// Also drops up to 8 of the oldest index entries whose escalation is gone.
    /// </summary>
    public static readonly RedisScript Add = new(RedisLua.Helpers + """
        if not live_session(KEYS[1], ARGV[2]) then return 0 end
        local id, exp, ttl, status = ARGV[6], ARGV[4], ARGV[5], ARGV[7]
        redis.call('HSET', KEYS[2], 'data', ARGV[3], 'exp', exp, 'status', status, 'ver', ARGV[8])
        redis.call('PEXPIRE', KEYS[2], ttl)
        redis.call('SADD', KEYS[3], id)
        extend(KEYS[3], ttl)
        if status == 'pending' or status == 'approved' then
          redis.call('ZADD', KEYS[4], 0, member(exp, id))
          extend(KEYS[4], ttl)
        end
        redis.call('ZADD', KEYS[5], 0, ARGV[9])
        extend(KEYS[5], ttl)
        for _, old in ipairs(redis.call('ZRANGE', KEYS[5], -8, -1)) do
          if redis.call('EXISTS', ARGV[1] .. 'esc:' .. member_id(old)) == 0 then redis.call('ZREM', KEYS[5], old) end
        end
        if KEYS[7] then enqueue(KEYS[7], KEYS[6], ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14]) end
        return 1
        """);

    /// <summary>
    /// Compare-and-set. KEYS: esc, esc-due, escalations, ses-esc, outbox-due[, outbox-msg][, ses, tok, ses-tok] (the token's).
    /// ARGV: prefix, now, retained after, expected version, new version, data, exp, ttl ms (expiry + retention), id, status,
    /// has message ('1'/'0'), has token ('1'/'0'), message (id, data, exp, due, ttl ms; '' when none),
    /// token (data, exp, ttl ms, id, exp ms, now ms; '' when none), as <see cref="RedisScripts.AddTokens"/> takes them.
    /// Returns 0 written; 1 conflict (unknown, past retention or another version); 2 the token's session is not live.
    /// Nothing is written unless it returns 0.
    /// </summary>
    public static readonly RedisScript Update = new(RedisLua.Helpers + """
        local now, id = ARGV[2], ARGV[9]
        local e = redis.call('HMGET', KEYS[1], 'exp', 'ver')
        if not e[1] or not later(e[1], ARGV[3]) or (e[2] or '1') ~= ARGV[4] then return 1 end
        local has_message = ARGV[11] == '1'
        if ARGV[12] == '1' then
          local k = has_message and 7 or 6
          local session_exp = live_session(KEYS[k], now)
          if not session_exp then return 2 end
          redis.call('HSET', KEYS[k + 1], 'data', ARGV[18], 'exp', ARGV[19])
          redis.call('PEXPIRE', KEYS[k + 1], ARGV[20])
          redis.call('ZADD', KEYS[k + 2], ARGV[22], ARGV[21])
          redis.call('ZREMRANGEBYSCORE', KEYS[k + 2], '-inf', '(' .. ARGV[23])
          redis.call('PEXPIRE', KEYS[k + 2], ttl_ms(session_exp, now))
        end
        local exp, ttl, status = ARGV[7], ARGV[8], ARGV[10]
        redis.call('HSET', KEYS[1], 'data', ARGV[6], 'exp', exp, 'status', status, 'ver', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('ZREM', KEYS[2], member(e[1], id))
        if status == 'pending' or status == 'approved' then
          redis.call('ZADD', KEYS[2], 0, member(exp, id))
          extend(KEYS[2], ttl)
        end
        extend(KEYS[3], ttl)
        extend(KEYS[4], ttl)
        if has_message then enqueue(KEYS[6], KEYS[5], ARGV[13], ARGV[14], ARGV[15], ARGV[16], ARGV[17]) end
        return 0
        """);

    /// <summary>
    /// KEYS: escalations. ARGV: prefix, now, retained after, undecided only ('1'/'0'), limit.
    /// Returns {data, status, version} triples of retained escalations, newest first, at most limit
    /// (undecided only: status pending and not expired). Drops index entries whose escalation is gone.
    /// </summary>
    public static readonly RedisScript List = new(RedisLua.Helpers + """
        local now, after, undecided, limit = ARGV[2], ARGV[3], ARGV[4] == '1', tonumber(ARGV[5])
        local out, taken, start = {}, 0, 0
        while true do
          local page = redis.call('ZRANGE', KEYS[1], start, start + 99)
          if #page == 0 then return out end
          local removed = 0
          for _, m in ipairs(page) do
            local e = redis.call('HMGET', ARGV[1] .. 'esc:' .. member_id(m), 'data', 'exp', 'status', 'ver')
            if not e[1] then
              redis.call('ZREM', KEYS[1], m)
              removed = removed + 1
            elseif later(e[2], after) and (not undecided or (e[3] == 'pending' and later(e[2], now))) then
              out[#out + 1] = e[1]
              out[#out + 1] = e[3] or ''
              out[#out + 1] = e[4] or ''
              taken = taken + 1
              if taken == limit then return out end
            end
          end
          start = start + 100 - removed
        end
        """);

    /// <summary>
    /// KEYS: ses-esc. ARGV: prefix, now, retained after, undecided only ('1'/'0').
    /// Returns {data, status, version} triples of every matching escalation of the session, unordered
    /// (the caller sorts and limits). Drops set members whose escalation is gone.
    /// </summary>
    public static readonly RedisScript ListOfSession = new(RedisLua.Helpers + """
        local now, after, undecided = ARGV[2], ARGV[3], ARGV[4] == '1'
        local out = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local e = redis.call('HMGET', ARGV[1] .. 'esc:' .. id, 'data', 'exp', 'status', 'ver')
          if not e[1] then
            redis.call('SREM', KEYS[1], id)
          elseif later(e[2], after) and (not undecided or (e[3] == 'pending' and later(e[2], now))) then
            out[#out + 1] = e[1]
            out[#out + 1] = e[3] or ''
            out[#out + 1] = e[4] or ''
          end
        end
        return out
        """);

    /// <summary>
    /// KEYS: esc-due. ARGV: prefix, now, retained after, limit. Returns ids of retained escalations whose
    /// status is pending or approved and whose expiry is at or before now, soonest expiry first (then id),
    /// at most limit. Drops entries whose escalation is gone, decided or moved.
    /// </summary>
    public static readonly RedisScript ListDue = new(RedisLua.Helpers + """
        local limit, out, start = tonumber(ARGV[4]), {}, 0
        while true do
          local page = redis.call('ZRANGEBYLEX', KEYS[1], '-', '(' .. ARGV[2] .. ';', 'LIMIT', start, 100)
          if #page == 0 then return out end
          local removed = 0
          for _, m in ipairs(page) do
            local id = member_id(m)
            local e = redis.call('HMGET', ARGV[1] .. 'esc:' .. id, 'exp', 'status')
            if not e[1] or not (e[2] == 'pending' or e[2] == 'approved') or member(e[1], id) ~= m then
              redis.call('ZREM', KEYS[1], m)
              removed = removed + 1
            elseif later(e[1], ARGV[3]) then
              out[#out + 1] = id
              if #out == limit then return out end
            end
          end
          start = start + 100 - removed
        end
        """);

    /// <summary>
    /// KEYS: esc. ARGV: retained after, at (text). Returns nil when the escalation is unknown or past
    /// retention (nothing written); otherwise the previous poll (text, '' when none) and records this one.
    /// </summary>
    public static readonly RedisScript RecordPoll = new(RedisLua.Helpers + """
        local e = redis.call('HMGET', KEYS[1], 'exp', 'polled')
        if not e[1] or not later(e[1], ARGV[1]) then return false end
        redis.call('HSET', KEYS[1], 'polled', ARGV[2])
        return e[2] or ''
        """);
}
