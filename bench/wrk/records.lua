-- wrk script for the records benchmark (bench/run.mjs). One script, the operation chosen by
-- BENCH_OP; requests carry a random seeded id and a random body. Deletes take
-- distinct ids from BENCH_DELETE_IDS: thread t takes the block of BENCH_DELETE_BLOCK ids that
-- starts at BENCH_DELETE_START + t × BENCH_DELETE_BLOCK.
-- done() prints one line, WRK_JSON {...}, that the runner parses.

local op = os.getenv("BENCH_OP")
local prefix = "/api/v1/collections/items/records"
local list_query = os.getenv("BENCH_LIST_QUERY")
local cursor = os.getenv("BENCH_CURSOR")
local deep_offset = os.getenv("BENCH_DEEP_OFFSET")
local read_headers = { ["authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
local write_headers = { ["authorization"] = read_headers["authorization"], ["content-type"] = "application/json" }

local function lines(path)
  local out = {}
  for line in io.lines(path) do out[#out + 1] = line end
  return out
end

local next_thread = 0
function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local ids, delete_ids, delete_next, delete_end
function init(args)
  math.randomseed(os.time() * 1000 + thread_index)
  ids = lines(os.getenv("BENCH_IDS"))
  if op == "delete" then
    delete_ids = lines(os.getenv("BENCH_DELETE_IDS"))
    local block = tonumber(os.getenv("BENCH_DELETE_BLOCK"))
    delete_next = tonumber(os.getenv("BENCH_DELETE_START")) + 1 + thread_index * block
    delete_end = math.min(delete_next + block, #delete_ids + 1)
  end
end

local function random_id()
  return ids[math.random(#ids)]
end

local function item_body()
  return string.format(
    '{"title":"bench item %08x","price":%d.%02d,"qty":%d,"active":%s,"tags":["bench","tag%d"]}',
    math.random(0, 0x7fffffff), math.random(0, 999), math.random(0, 99), math.random(0, 199),
    math.random(4) == 1 and "false" or "true", math.random(0, 9))
end

local function patch_body()
  return string.format('{"qty":%d,"price":%d.%02d}', math.random(0, 199), math.random(0, 999), math.random(0, 99))
end

local builders = {
  get = function() return wrk.format("GET", prefix .. "/" .. random_id(), read_headers) end,
  list = function() return wrk.format("GET", prefix .. "?" .. list_query, read_headers) end,
  offset_page = function()
    return wrk.format("GET", prefix .. "?" .. list_query .. "&offset=" .. deep_offset .. "&count=exact", read_headers)
  end,
  cursor_page = function() return wrk.format("GET", prefix .. "?" .. list_query .. "&cursor=" .. cursor, read_headers) end,
  create = function() return wrk.format("POST", prefix, write_headers, item_body()) end,
  patch = function() return wrk.format("PATCH", prefix .. "/" .. random_id(), write_headers, patch_body()) end,
}

-- The mixed load: 60 % get, 20 % list, 10 % create, 10 % patch.
builders.mixed = function()
  local roll = math.random(100)
  if roll <= 60 then return builders.get() end
  if roll <= 80 then return builders.list() end
  if roll <= 90 then return builders.create() end
  return builders.patch()
end

-- Requests are built before the run, so wrk spends its CPU on sending, not on Lua: a pool of
-- random ones that the run cycles through, or for deletes every request of the thread's block.
local POOL = 4096
local prepared, next_request

local function prepare()
  prepared = {}
  if op == "delete" then
    for i = delete_next, delete_end - 1 do
      prepared[#prepared + 1] = wrk.format("DELETE", prefix .. "/" .. delete_ids[i], read_headers)
    end
    -- Past its block: an id that was never seeded, so the 404s show in the errors.
    prepared[#prepared + 1] = wrk.format("DELETE", prefix .. "/00000000-0000-7000-8000-000000000000", read_headers)
  else
    for i = 1, POOL do prepared[i] = builders[op]() end
  end
  next_request = 0
end

request = function()
  if not prepared then prepare() end
  if op == "delete" then
    next_request = math.min(next_request + 1, #prepared)
  else
    next_request = next_request % #prepared + 1
  end
  return prepared[next_request]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%f,' ..
      '"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
