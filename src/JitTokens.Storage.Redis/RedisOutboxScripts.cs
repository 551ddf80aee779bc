namespace JitTokens.Storage.Redis;

/// <summary>
/// The Lua scripts of the chat outbox, on the rules of <see cref="RedisScripts"/>. A message is the
/// hash <c>outbox-msg:{id}</c> (expiring with the message) plus its member in <c>outbox-due</c>
/// (<see cref="RedisMembers"/>: due ticks, then id); the hash's <c>due</c> names that member.
/// </summary>
internal static class RedisOutboxScripts
{
    /// <summary>KEYS: outbox-msg, outbox-due. ARGV: id, data, exp, due, ttl ms. Stores (or replaces) the message.</summary>
    public static readonly RedisScript Enqueue = new(RedisLua.Helpers + """
        enqueue(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
        return 1
        """);

    /// <summary>KEYS: outbox-msg, outbox-due. ARGV: id, data, exp, due, ttl ms. Replaces the message only if it is still there; 1 when it was.</summary>
    public static readonly RedisScript Reschedule = new(RedisLua.Helpers + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        enqueue(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
        return 1
        """);

    /// <summary>KEYS: outbox-msg, outbox-due. ARGV: id. Removes the message and its index member; idempotent.</summary>
    public static readonly RedisScript Complete = new(RedisLua.Helpers + """
        local due = redis.call('HGET', KEYS[1], 'due')
        if due then redis.call('ZREM', KEYS[2], member(due, ARGV[1])) end
        redis.call('DEL', KEYS[1])
        return 1
        """);

    /// <summary>
    /// KEYS: outbox-due. ARGV: prefix, now, leased until (ticks), leased until (text), limit.
    /// Returns {data, leased or ''} pairs of up to limit messages due at or before now, soonest first
    /// (then id), as stored before this claim, and moves each to "leased until". Deletes expired messages
    /// it meets and drops index members whose message is gone or has moved. The leases are written
    /// first (HSET on an existing hash) and the deletions last, so a claim never starts with a DEL.
    /// </summary>
    public static readonly RedisScript Claim = new(RedisLua.Helpers + """
        local now, limit = ARGV[2], tonumber(ARGV[5])
        local claimed, stale, expired, start = {}, {}, {}, 0
        while #claimed < limit do
          local page = redis.call('ZRANGEBYLEX', KEYS[1], '-', '(' .. now .. ';', 'LIMIT', start, 100)
          if #page == 0 then break end
          for _, m in ipairs(page) do
            local key = ARGV[1] .. 'outbox-msg:' .. member_id(m)
            local msg = redis.call('HMGET', key, 'data', 'exp', 'due', 'leased')
            if not msg[1] or msg[3] ~= string.sub(m, 1, 19) then
              stale[#stale + 1] = m
            elseif not later(msg[2], now) then
              stale[#stale + 1] = m
              expired[#expired + 1] = key
            else
              claimed[#claimed + 1] = {m, key, msg[1], msg[4] or ''}
              if #claimed == limit then break end
            end
          end
          start = start + #page
        end
        local out = {}
        for _, c in ipairs(claimed) do
          redis.call('HSET', c[2], 'due', ARGV[3], 'leased', ARGV[4])
          redis.call('ZREM', KEYS[1], c[1])
          redis.call('ZADD', KEYS[1], 0, member(ARGV[3], member_id(c[1])))
          out[#out + 1] = c[3]
          out[#out + 1] = c[4]
        end
        for _, m in ipairs(stale) do redis.call('ZREM', KEYS[1], m) end
        for _, key in ipairs(expired) do redis.call('DEL', key) end
        return out
        """);
}
