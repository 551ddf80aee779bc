-- wrk script for ops/bench/issue: POST /v1/tokens with the session token from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("JIT_SESSION_TOKEN")
wrk.body = '{"scope":"db:read","environment":"staging","purpose":"benchmark: read orders for OPS-17","ttl_seconds":300}'

-- Each wrk thread runs its own Lua state: count there, add up in done() (the same counting as
-- ops/bench/peer/client-credentials.lua, so both sides of ops/bench/run pay the same per answer).
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do not_ok = not_ok + thread:get("non2xx") end
  -- One machine-readable line for the driver script.
  io.write(string.format("BENCH requests=%d duration_us=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    not_ok))
end
