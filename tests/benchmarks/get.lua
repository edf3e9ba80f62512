-- wrk script for the GET benchmarks (tests/benchmarks/program_bench.py): plain GETs of one URL, with the
-- headers given by wrk's -H (e.g. If-None-Match). Each thread counts statuses and response bytes; done()
-- prints one line "RESULT <json>" that the Python side reads.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "result.lua")

bytes = 0

function response(status, headers, body)
  count_status(status)
  if body then bytes = bytes + #body end
end

function done(summary, latency, requests)
  local total_bytes = 0
  for _, thread_bytes in ipairs(gather("bytes")) do total_bytes = total_bytes + thread_bytes end
  write_result(summary, latency, 2, string.format(',"body_bytes":%d', total_bytes))
end
