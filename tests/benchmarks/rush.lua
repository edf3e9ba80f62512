-- wrk script for the registration rush (tests/benchmarks/registration_rush.py).
-- Arguments: MODE ("bare" or "register"), SLOTS ("1,5,9|2,6,10|..."; register only).
-- Each thread counts statuses and keeps the ids of the registrations answered with 201; done()
-- prints one line "RESULT <json>" that the Python side reads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local mode, slots, n = "bare", {}, 0
statuses, ids = {}, {}

function init(args)
  mode = args[1] or "bare"
  for group in string.gmatch(args[2] or "", "[^|]+") do
    local g = {}
    for id in string.gmatch(group, "%d+") do g[#g + 1] = id end
    slots[#slots + 1] = g
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + tonumber(tostring({}):sub(8), 16) % 1000)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = "{}"
end

function request()
  if mode ~= "register" then
    return wrk.format()
  end
  n = n + 1
  local tag = tostring(math.random(1e9)) .. "-" .. n
  -- two different time slots, a random workshop in each
  local a = math.random(#slots)
  local b = math.random(#slots - 1)
  if b >= a then b = b + 1 end
  local body = string.format(
    '{"name":"Gast %s","email":"gast%s@example.org","consent":true,"session_ids":[%s,%s]}',
    tag, tag, slots[a][math.random(#slots[a])], slots[b][math.random(#slots[b])])
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 and mode == "register" then
    local id = string.match(body, '"registration_id":%s*(%d+)')
    if id then ids[#ids + 1] = id end
  end
end

function done(summary, latency, requests)
  local counts, all_ids = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
    for _, id in ipairs(thread:get("ids")) do all_ids[#all_ids + 1] = id end
  end
  local parts = {}
  for status, count in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"statuses":{%s},"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"timeout":%d},"latency_ms":{"p50":%.1f,"p99":%.1f},"ids":[%s]}\n',
    summary.requests, summary.duration, table.concat(parts, ","), e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(all_ids, ",")))
end
