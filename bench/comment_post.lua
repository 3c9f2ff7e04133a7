-- wrk: post distinct comments to one article (bench/run.py fills the @…@ values).
-- Each thread numbers its own posts; the thread id keeps bodies unique across threads, and the
-- start time across the runs of one target (the same text again would be refused as a duplicate).
local threads = 0
local started = tostring(os.time())  -- when this run of wrk loaded the script

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0

function request()
  counter = counter + 1
  local n = "@RUN@-" .. started .. "-" .. tostring(tid) .. "-" .. tostring(counter)
  local body = "name=B%E1%BA%A1n+%C4%91%E1%BB%8Dc+" .. n
    .. "&email=bandoc" .. n .. "%40example.com"
    .. "&body=%C3%9D+ki%E1%BA%BFn+s%E1%BB%91+" .. n .. "+v%E1%BB%81+b%C3%A0i+vi%E1%BA%BFt+n%C3%A0y."
    .. "&parent=&website="
    .. "&token=@TOKEN@"
    .. "&csrfmiddlewaretoken=@CSRF@"
  return wrk.format("POST", "@PATH@", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=@CSRF_COOKIE@",
  }, body)
end
