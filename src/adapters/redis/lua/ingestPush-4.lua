--[[
  ingestPush: bounded push of ingested events plus the time-bucket counters, in one atomic step.
  KEYS[1]  ingest queue list (mutt:ingest_queue)
  KEYS[2]  1-minute counter  (mutt:metrics:1m:<YYYY-MM-DDTHH:MM>)
  KEYS[3]  1-hour counter    (mutt:metrics:1h:<YYYY-MM-DDTHH>)
  KEYS[4]  1-day counter     (mutt:metrics:24h:<YYYY-MM-DD>)
  ARGV[1]  cap: refuse when LLEN >= cap (soft cap checked once for the whole batch)
  ARGV[2]  TTL seconds of KEYS[2]
  ARGV[3]  TTL seconds of KEYS[3]
  ARGV[4]  TTL seconds of KEYS[4]
  ARGV[5..] events, oldest first (LPUSH keeps them FIFO for tail consumers)
  Returns { accepted (0|1), depth before, depth after }.
  Plain EXPIRE (no NX) so it also runs on Redis < 7; a bucket is only written during its own period.
]]
local depth = redis.call('LLEN', KEYS[1])
if depth >= tonumber(ARGV[1]) then
  return { 0, depth, depth }
end
local n = #ARGV - 4
local len = depth
local chunk = 1000
local i = 5
while i <= #ARGV do
  local last = math.min(i + chunk - 1, #ARGV)
  len = redis.call('LPUSH', KEYS[1], unpack(ARGV, i, last))
  i = last + 1
end
for k = 2, 4 do
  redis.call('INCRBY', KEYS[k], n)
  redis.call('EXPIRE', KEYS[k], ARGV[k])
end
return { 1, depth, len }
