-- wrk script for bench_api_load.py: optional PUTs with a fresh UUID each, a count of non-2xx
-- answers, and one machine-readable report line at the end.
--
-- Arguments after `--`: nonce (8 hex digits, new per wrk run), then either nothing (send the
-- request given on the command line, e.g. a GET) or a path prefix and a JSON body in which
-- @TS@ is replaced by the time this script started, minus a minute (ISO-8601 UTC, with Z).
-- Headers (cookie, CSRF token, Origin, Host) come from wrk's -H options.

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("thread_id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   nonce = args[1]
   prefix = args[2]
   non2xx = 0
   first_bad = ""
   sent = 0
   math.randomseed(tonumber(nonce, 16) + thread_id * 7919 + os.time())
   if prefix ~= nil then
      local moment = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 60)
      body = string.gsub(args[3], "@TS@", moment)
   else
      fixed = wrk.format()
   end
end

-- A random version-4 UUID whose first and last groups make it unique within this run: the run's
-- nonce, this thread and a per-thread counter.
local function fresh_uuid()
   sent = sent + 1
   local r = math.random
   return string.format(
      "%s-%04x-4%03x-%04x-%04x%08x",
      nonce, r(0, 0xffff), r(0, 0xfff), 0x8000 + r(0, 0x3fff), thread_id, sent
   )
end

function request()
   if prefix == nil then
      return fixed
   end
   return wrk.format("PUT", prefix .. fresh_uuid(), nil, body)
end

function response(status, headers, response_body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      if first_bad == "" then
         first_bad = status .. " " .. string.sub(string.gsub(response_body or "", "%s+", " "), 1, 300)
      end
   end
end

function done(summary, latency, requests)
   local bad = 0
   local sample = ""
   for _, thread in ipairs(threads) do
      bad = bad + (thread:get("non2xx") or 0)
      local first = thread:get("first_bad")
      if sample == "" and first ~= nil then
         sample = first
      end
   end
   local e = summary.errors
   io.write(string.format(
      "WRK_REPORT %d %d %.1f %.1f %d %d %d %d %d %d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      bad, e.status, e.connect, e.read, e.write, e.timeout
   ))
   if sample ~= "" then
      io.write("WRK_FIRST_BAD " .. sample .. "\n")
   end
end
