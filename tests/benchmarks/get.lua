-- wrk script for the GET benchmarks (tests/benchmarks/program_bench.py): plain GETs of one URL, with the
-- headers given by wrk's -H (e.g. If-None-Match). Each thread counts statuses and response bytes; done()
-- prints one line "RESULT <json>" that the Python side reads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

statuses, bytes = {}, 0

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if body then bytes = bytes + #body end
end

function done(summary, latency, requests)
  local counts, total_bytes = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
    total_bytes = total_bytes + thread:get("bytes")
  end
  local parts = {}
  for status, count in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"body_bytes":%d,"statuses":{%s},"errors":{"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d},"latency_ms":{"p50":%.2f,"p99":%.2f}}\n',
    summary.requests, summary.duration, total_bytes, table.concat(parts, ","), e.connect, e.read, e.write,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
