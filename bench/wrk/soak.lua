-- wrk script for the soak (bench/soak.mjs): SOAK_RATE requests per second in all, paced by the
-- clock, 80 % reads (60 % get by id, 20 % a list page) and 20 % writes (10 % creates, 10 %
-- patches). Every request carries X-Request-Id s<thread>-<n>, which the API (and the balancer,
-- on its own errors) echoes, so each answer is paired with its request: one line per request,
-- "<sent, ms since the epoch> <latency µs> <status> <op> <by>", is appended to
-- SOAK_LOG_DIR/thread-<t>.log as the run goes, and the runner classifies them by time. <by> is
-- "b" for an answer the balancer made itself (its HTML error pages), "a" for the API's.
-- Requests that never got an answer (a dropped connection) are written by done() with latency -1.
-- Sending stops at SOAK_SEND_UNTIL; wrk's -d goes a little further for the last answers.

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
  int clock_gettime(int clock, soak_timespec *ts);
]])
local timespec = ffi.new("soak_timespec")
local CLOCK_REALTIME, CLOCK_MONOTONIC = 0, 1
local function clock_ms(clock)
  ffi.C.clock_gettime(clock, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local prefix = "/api/v1/collections/items/records"
local list_query = os.getenv("SOAK_LIST_QUERY")
local log_dir = os.getenv("SOAK_LOG_DIR")
local threads = tonumber(os.getenv("SOAK_THREADS"))
local rate = tonumber(os.getenv("SOAK_RATE"))
local token = "Bearer " .. os.getenv("SOAK_TOKEN")
-- No request is sent after this time (ms since the epoch): wrk runs a few seconds longer, so the
-- last answers arrive before it stops and an unanswered request is one that was really lost.
local send_until = tonumber(os.getenv("SOAK_SEND_UNTIL"))

-- Main state: number the threads, and at the end write what they could not.
local thread_list = {}
function setup(thread)
  thread:set("thread_index", #thread_list + 1)
  thread_list[#thread_list + 1] = thread
end

local ids, log_file, interval_ms, next_slot
-- Globals, so that done() can read them from each thread (thread:get).
sent_wall, sent_mono, sent_op, pending_lines, skipped_slots = {}, {}, {}, {}, 0
local seq, last_flush = 0, 0
-- wrk calls request() once on the first thread to check the script, and never sends that one.
local checking

function init(args)
  math.randomseed(os.time() * 1000 + thread_index)
  ids = {}
  for line in io.lines(os.getenv("SOAK_IDS")) do ids[#ids + 1] = line end
  log_file = assert(io.open(string.format("%s/thread-%d.log", log_dir, thread_index), "a"))
  interval_ms = threads * 1000 / rate
  checking = thread_index == 1
end

-- Open-loop pacing per thread: each request takes the next slot of the thread's schedule,
-- whichever connection is free. Slots more than a second late (every connection was waiting on
-- a slow answer) are dropped and counted rather than sent in a burst afterwards.
function delay()
  if clock_ms(CLOCK_REALTIME) >= send_until then return 60000 end
  local now = clock_ms(CLOCK_MONOTONIC)
  if next_slot == nil then next_slot = now + math.random() * interval_ms end
  if next_slot < now - 1000 then
    local late = math.floor((now - next_slot) / interval_ms)
    skipped_slots = skipped_slots + late
    next_slot = next_slot + late * interval_ms
  end
  local wait = next_slot - now
  next_slot = next_slot + interval_ms
  if wait <= 0 then return 0 end
  return math.floor(wait)
end

local function random_id() return ids[math.random(#ids)] end

local function item_body()
  return string.format(
    '{"title":"soak item %08x","price":%d.%02d,"qty":%d,"active":%s,"tags":["soak","tag%d"]}',
    math.random(0, 0x7fffffff), math.random(0, 999), math.random(0, 99), math.random(0, 199),
    math.random(4) == 1 and "false" or "true", math.random(0, 9))
end

local function headers(request_id, json)
  local h = { ["authorization"] = token, ["x-request-id"] = request_id }
  if json then h["content-type"] = "application/json" end
  return h
end

local function build(op, request_id)
  if op == "g" then return wrk.format("GET", prefix .. "/" .. random_id(), headers(request_id)) end
  if op == "l" then return wrk.format("GET", prefix .. "?" .. list_query, headers(request_id)) end
  if op == "c" then return wrk.format("POST", prefix, headers(request_id, true), item_body()) end
  return wrk.format("PATCH", prefix .. "/" .. random_id(), headers(request_id, true),
    string.format('{"qty":%d,"price":%d.%02d}', math.random(0, 199), math.random(0, 999), math.random(0, 99)))
end

-- 60 % get, 20 % list, 10 % create, 10 % patch.
local function pick()
  local roll = math.random(100)
  if roll <= 60 then return "g" end
  if roll <= 80 then return "l" end
  if roll <= 90 then return "c" end
  return "p"
end

request = function()
  if checking then
    checking = false
    return build("l", "check")
  end
  seq = seq + 1
  local op = pick()
  sent_wall[seq] = clock_ms(CLOCK_REALTIME)
  sent_mono[seq] = clock_ms(CLOCK_MONOTONIC)
  sent_op[seq] = op
  return build(op, "s" .. thread_index .. "-" .. seq)
end

local function flush(now)
  if #pending_lines == 0 then return end
  log_file:write(table.concat(pending_lines))
  log_file:flush()
  pending_lines = {}
  last_flush = now
end

response = function(status, headers, body)
  local now = clock_ms(CLOCK_MONOTONIC)
  local request_id = headers["x-request-id"] or headers["X-Request-Id"] or ""
  local n = tonumber(string.match(request_id, "^s%d+%-(%d+)$"))
  local content_type = headers["content-type"] or headers["Content-Type"] or ""
  local by = string.find(content_type, "text/html", 1, true) and "b" or "a"
  if n ~= nil and sent_mono[n] ~= nil then
    pending_lines[#pending_lines + 1] = string.format("%d %d %d %s %s\n", sent_wall[n],
      math.floor((now - sent_mono[n]) * 1000), status, sent_op[n], by)
    sent_wall[n], sent_mono[n], sent_op[n] = nil, nil, nil
  else
    -- An answer that names no request of ours: kept, timed at its arrival, latency unknown.
    pending_lines[#pending_lines + 1] = string.format("%d -2 %d ? %s\n", clock_ms(CLOCK_REALTIME), status, by)
  end
  if #pending_lines >= 200 or now - last_flush > 500 then flush(now) end
end

function done(summary, latency, requests)
  local skipped = 0
  for _, thread in ipairs(thread_list) do
    local index = thread:get("thread_index")
    local out = assert(io.open(string.format("%s/thread-%d.log", log_dir, index), "a"))
    out:write(table.concat(thread:get("pending_lines")))
    local ops = thread:get("sent_op")
    for n, wall in pairs(thread:get("sent_wall")) do
      out:write(string.format("%d -1 0 %s -\n", wall, ops[n]))
    end
    out:close()
    skipped = skipped + thread:get("skipped_slots")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"non2xx":%d,"connect":%d,"read":%d,' ..
      '"write":%d,"timeout":%d,"skipped":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect, e.read,
    e.write, e.timeout, skipped))
end
