namespace JitTokens.Storage.Redis;

/// <summary>
/// Lua helpers that the scripts of <see cref="RedisScripts"/>, <see cref="RedisEscalationScripts"/> and
/// <see cref="RedisOutboxScripts"/> start with.
/// <c>later(a, b)</c>: a &gt; b for 19-digit tick strings, compared in two exact halves (Lua numbers
/// are doubles; string comparison would go through strcoll). Never compare ticks any other way.
/// <c>live_session(key, now)</c>: the session's expiry when it exists, is unexpired and not ended.
/// <c>extend(key, ttl)</c>: the TTL of an index, extended to <c>ttl</c> ms unless it already lives longer.
/// <c>member(ticks, id)</c>, <c>member_id(m)</c>: the index members of <see cref="RedisMembers"/>.
/// <c>enqueue(key, index, id, data, exp, due, ttl)</c>: stores an outbox message (or replaces it and
/// moves its index member); its first write is HSET, so a script may start with it.
/// <c>add_revocation(feed, kind, id, at_text, exp, horizon)</c> (<c>horizon</c>: now minus the feed's grace, ticks): appends a revocation-feed entry (fields <c>k</c>, <c>id</c>,
/// <c>at</c>, <c>exp</c> ticks; id from Redis, so cursors only grow), then drops up to 16 entries at the head of the feed
/// whose expiry is more than the grace ago (the stream itself lives until its last entry's expiry plus the grace): the feed is in revocation order, not expiry order, so an entry waits at most until the ones before
/// it have expired (no longer than the longest session).
/// </summary>
internal static class RedisLua
{
    public const string Helpers = """
        local function later(a, b)
          local ah, bh = tonumber(string.sub(a, 1, 10)), tonumber(string.sub(b, 1, 10))
          if ah ~= bh then return ah > bh end
          return tonumber(string.sub(a, 11)) > tonumber(string.sub(b, 11))
        end
        local function ttl_ms(exp, now)
          return string.format('%d', math.max(1, math.ceil((tonumber(exp) - tonumber(now)) / 10000)))
        end
        local function live_session(key, now)
          local s = redis.call('HMGET', key, 'exp', 'ended')
          if not s[1] or s[2] or not later(s[1], now) then return nil end
          return s[1]
        end
        local function extend(key, ttl)
          if redis.call('PTTL', key) < tonumber(ttl) then redis.call('PEXPIRE', key, ttl) end
        end
        -- New tokens (AddTokens, AppendRecording): the session's expiry when a token at now may be added to it, else nil;
        -- each session read once per call (cache), each token judged by its own clock.
        local function token_session(cache, key, now)
          local s = cache[key]
          if not s then
            s = redis.call('HMGET', key, 'exp', 'ended')
            cache[key] = s
          end
          if s[1] and not s[2] and later(s[1], now) then return s[1] end
          return nil
        end
        -- Stores a new token and notes its session's index in ix, which tidy_indexes prunes (by the latest clock) and
        -- keeps alive (as long as the session by the earliest clock) once per call, after its tokens.
        local function record_token(ix, tok, index, data, exp, ttl, id, exp_ms, session_exp, now, now_ms)
          redis.call('HSET', tok, 'data', data, 'exp', exp)
          redis.call('PEXPIRE', tok, ttl)
          redis.call('ZADD', index, exp_ms, id)
          local x = ix[index]
          if not x then
            ix[index] = {session_exp, now, now_ms}
            ix[#ix + 1] = index
          else
            if later(x[2], now) then x[2] = now end
            if tonumber(now_ms) > tonumber(x[3]) then x[3] = now_ms end
          end
        end
        local function tidy_indexes(ix)
          for _, key in ipairs(ix) do
            local x = ix[key]
            redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. x[3])
            redis.call('PEXPIRE', key, ttl_ms(x[1], x[2]))
          end
        end
        local function member(ticks, id) return ticks .. ':' .. id end
        local function member_id(m) return string.sub(m, 21) end
        local function enqueue(key, index, id, data, exp, due, ttl)
          local old = redis.call('HGET', key, 'due')
          redis.call('HSET', key, 'data', data, 'exp', exp, 'due', due)
          redis.call('HDEL', key, 'leased')
          redis.call('PEXPIRE', key, ttl)
          if old and old ~= due then redis.call('ZREM', index, member(old, id)) end
          redis.call('ZADD', index, 0, member(due, id))
          extend(index, ttl)
        end
        local function add_revocation(feed, kind, id, at_text, exp, horizon)
          redis.call('XADD', feed, '*', 'k', kind, 'id', id, 'at', at_text, 'exp', exp)
          extend(feed, ttl_ms(exp, horizon))
          for _ = 1, 16 do
            local head = redis.call('XRANGE', feed, '-', '+', 'COUNT', 1)[1]
            if not head then break end
            local expired = false
            for i = 1, #head[2], 2 do
              if head[2][i] == 'exp' then expired = not later(head[2][i + 1], horizon) end
            end
            if not expired then break end
            redis.call('XDEL', feed, head[1])
          end
        end

        """;
}
