-- wrk script: each connection creates users and one access key for each, in order, until
-- `users_per_thread` users exist per thread. Run with as many connections as threads so that a
-- user's CreateUser always precedes its CreateAccessKey.
local counter = 0
local thread_id = 0
local limit = tonumber(os.getenv("USERS_PER_THREAD") or "50000")
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function request()
  local n = math.floor(counter / 2)
  if n >= limit then
    wrk.thread:stop()
  end
  local name = string.format("u%d-%d", thread_id, n)
  local body
  if counter % 2 == 0 then
    body = "Action=CreateUser&Version=2010-05-08&UserName=" .. name
  else
    body = "Action=CreateAccessKey&Version=2010-05-08&UserName=" .. name
  end
  counter = counter + 1
  return wrk.format("POST", "/", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
