-- wrk script for one request (bench/graphql.mjs): BENCH_METHOD (GET) to BENCH_PATH, with the JSON
-- body in BENCH_BODY if any and an optional bearer token in BENCH_TOKEN. done() prints one line,
-- WRK_JSON {...}, in the same shape as records.lua.

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local headers = {}
if token ~= nil and token ~= "" then headers["authorization"] = "Bearer " .. token end
if body ~= nil and body ~= "" then headers["content-type"] = "application/json" else body = nil end

function request()
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%f,' ..
      '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
