-- wrk script for the registration rush (tests/benchmarks/registration_rush.py).
-- Arguments: MODE ("bare" or "register"), SLOTS ("1,5,9|2,6,10|..."; register only).
-- Each thread counts statuses and keeps the ids of the registrations answered with 201; done()
-- prints one line "RESULT <json>" that the Python side reads.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "result.lua")

local mode, slots, n = "bare", {}, 0
ids = {}

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
  count_status(status)
  if status == 201 and mode == "register" then
    local id = string.match(body, '"registration_id":%s*(%d+)')
    if id then ids[#ids + 1] = id end
  end
end

function done(summary, latency, requests)
  local all_ids = {}
  for _, thread_ids in ipairs(gather("ids")) do
    for _, id in ipairs(thread_ids) do all_ids[#all_ids + 1] = id end
  end
  write_result(summary, latency, 1, string.format(',"ids":[%s]', table.concat(all_ids, ",")))
end
