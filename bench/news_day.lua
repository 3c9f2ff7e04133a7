-- The news day's readers for wrk (bench/news_day.py fills in the URLs and their order): each thread walks the
-- same weighted stream of URLs from its own offset and counts the X-Page-Cache value of every answer.
local paths = {
@PATHS@
}
local order = { @ORDER@ }
local threads = {}
local position = 0

hit, stale, miss, none = 0, 0, 0, 0

function setup(thread)
  thread:set("offset", #threads * 4999)
  table.insert(threads, thread)
end

function init(args)
  position = offset or 0
end

function request()
  position = position % #order + 1
  return wrk.format("GET", paths[order[position]])
end

function response(status, headers, body)
  local value = headers["X-Page-Cache"] or headers["x-page-cache"]
  if value == "hit" then
    hit = hit + 1
  elseif value == "stale" then
    stale = stale + 1
  elseif value == "miss" then
    miss = miss + 1
  else
    none = none + 1
  end
end

function done(summary, latency, requests)
  local totals = { hit = 0, stale = 0, miss = 0, none = 0 }
  for _, thread in ipairs(threads) do
    for key in pairs(totals) do
      totals[key] = totals[key] + (thread:get(key) or 0)
    end
  end
  io.write(string.format("@@cache hit=%d stale=%d miss=%d none=%d\n", totals.hit, totals.stale, totals.miss, totals.none))
end
