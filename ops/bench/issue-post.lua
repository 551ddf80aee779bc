-- wrk script for ops/bench/issue: POST /v1/tokens with the session token from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("JIT_SESSION_TOKEN")
wrk.body = '{"scope":"db:read","environment":"staging","purpose":"benchmark: read orders for OPS-17","ttl_seconds":300}'

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  -- One machine-readable line for the driver script.
  io.write(string.format("BENCH requests=%d duration_us=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
