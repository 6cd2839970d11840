-- wrk script: GET a random customer's milestone progress (the engine report).
local thread_id = 0
local customers = tonumber(os.getenv("CUSTOMERS") or "10000")
local key = os.getenv("ADMIN_KEY") or "bench-admin-key-0123456789"

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(tid * 104729 + os.time())
  wrk.headers["Authorization"] = "Bearer " .. key
end

function request()
  return wrk.format("GET", string.format("/v1/customers/c%d/milestone-progress", math.random(1, customers)))
end

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
