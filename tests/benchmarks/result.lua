-- What the wrk scripts of the benchmarks share (rush.lua, get.lua load it with dofile): each thread counts the
-- answers' statuses, and write_result() prints one line "RESULT <json>" that the Python side reads (harness.wrk).
-- wrk runs a script in a Lua state per thread and one more for setup() and done(); this file runs in each.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

statuses = {}

function count_status(status)
  statuses[status] = (statuses[status] or 0) + 1
end

-- The value of the global ``name`` in each thread's state.
function gather(name)
  local values = {}
  for _, thread in ipairs(threads) do values[#values + 1] = thread:get(name) end
  return values
end

-- ``fields``: more JSON members, each with a leading comma; ``digits``: decimals of the latency in ms.
function write_result(summary, latency, digits, fields)
  local counts = {}
  for _, thread_statuses in ipairs(gather("statuses")) do
    for status, count in pairs(thread_statuses) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  local e = summary.errors
  local ms = "%." .. digits .. "f"
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"statuses":{%s},"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"timeout":%d},"latency_ms":{"p50":' .. ms .. ',"p99":' .. ms .. '}%s}\n',
    summary.requests, summary.duration, table.concat(parts, ","), e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, fields))
end
