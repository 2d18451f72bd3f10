-- wrk script for one GET at a steady rate (bench/functions.mjs): the path in BENCH_PATH, the
-- total rate in BENCH_RATE requests/s spread over the connections (each waits its share between
-- requests), so latency is measured below saturation. done() prints WRK_JSON like records.lua.

local path = os.getenv("BENCH_PATH")
local rate = tonumber(os.getenv("BENCH_RATE"))
local connections = tonumber(os.getenv("BENCH_CONNECTIONS"))
local gap_ms = connections * 1000 / rate

function request()
  return wrk.format("GET", path)
end

function delay()
  return gap_ms
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%f,' ..
      '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
