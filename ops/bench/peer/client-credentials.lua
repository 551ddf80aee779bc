-- wrk script for ops/bench/run: the peer's token endpoint (oidc-provider, ops/bench/peer/server.mjs),
-- grant_type=client_credentials for the bench client with client_secret_basic, one scope and one
-- resource indicator; each answer is a fresh ES256 JWT access token (TTL 300 s). Prints the same
-- BENCH line as ops/bench/issue-post.lua.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic YmVuY2g6YmVuY2gtc2VjcmV0" -- bench:bench-secret
wrk.body = "grant_type=client_credentials&scope=db%3Aread&resource=https%3A%2F%2Fstaging.bench.example"

-- Each wrk thread runs its own Lua state: count there, add up in done().
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
