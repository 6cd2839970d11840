-- wrk script: POST one new order event per request (unique event ids, customers
-- spread over CUSTOMERS ids), as a store's backend would deliver them.
local counter = 0
local thread_id = 0
local threads = {}
local customers = tonumber(os.getenv("CUSTOMERS") or "100000")
local key = os.getenv("ADMIN_KEY") or "bench-admin-key-0123456789"
-- Event and order ids start with PREFIX, so that two wrk processes (one per
-- server process) never send the same id.
local prefix = os.getenv("PREFIX") or "w"

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tid * 7919 + os.time())
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local c = math.random(1, customers)
  local body = string.format(
    '{"customer_id":"c%d","id":"%s%d-%d","type":"order","at":"2026-01-%02dT10:00:00Z","order_id":"%s%d-%d","status":"completed","subtotal":"%d.00"}',
    c, prefix, tid, counter, math.random(1, 28), prefix, tid, counter, math.random(5, 120))
  return wrk.format(nil, "/v1/events", nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
