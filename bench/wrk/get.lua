-- wrk script for one GET (bench/files.mjs): the path in BENCH_PATH, an optional bearer token in
-- BENCH_TOKEN. done() prints one line, WRK_JSON {...}, in the same shape as records.lua.

local path = os.getenv("BENCH_PATH")
local token = os.getenv("BENCH_TOKEN")
local headers = {}
if token ~= nil and token ~= "" then headers["authorization"] = "Bearer " .. token end

function request()
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%f,' ..
      '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
