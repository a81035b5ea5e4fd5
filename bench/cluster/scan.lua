-- Phones scanning genuine codes: GET /v/{token} of the certificates the rehearsal issued, as a browser asks for it.
-- Every answer is counted by status and by who made it (HAProxy names the server in x-cluster-server on the service's
-- answers only, so one without it is the proxy's own); a non-2xx one also by whether it carried Retry-After.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local threads = {}

setup = function(thread) table.insert(threads, thread) end

init = function(args) statuses = {} end

request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept"] = "text/html"})
end

response = function(status, headers, body)
  local retry, server = "no-retry-after", "proxy"
  for name, value in pairs(headers) do
    local lower = string.lower(name)
    if lower == "retry-after" then retry = "retry-after" elseif lower == "x-cluster-server" then server = value end
  end
  local key = tostring(status) .. "|" .. server
  if status >= 300 then key = key .. "|" .. retry end
  statuses[key] = (statuses[key] or 0) + 1
end

done = function(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses")) do all[key] = (all[key] or 0) + count end
  end
  for key, count in pairs(all) do io.write(string.format("status %s %d\n", key, count)) end
  io.write(string.format("answers %d seconds %.1f\n", summary.requests, summary.duration / 1e6))
  io.write(string.format("latency-ms p50 %.1f p99 %.1f max %.1f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("socket-errors connect %d read %d write %d timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
