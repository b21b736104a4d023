-- rateLimitMany: the sliding-window log of rateLimit-1.lua, granting up to ARGV[3] permits in one call so a
-- busy forwarder pays one round trip for many sends. Never grants past `max` in the window.
--
-- KEYS[1]  sorted set of allowed requests (e.g. mutt:rate_limit:moog)
-- ARGV[1]  max: requests allowed per window (integer >= 1)
-- ARGV[2]  window length in milliseconds (integer >= 1)
-- ARGV[3]  wanted: how many permits the caller asks for (integer >= 1)
-- ARGV[4]  random suffix for the members, so simultaneous callers never collide
--
-- Returns: { granted (0..wanted), wait_ms } where wait_ms is the time until the oldest member leaves the
-- window when fewer than `wanted` were granted, and 0 otherwise.
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local granted = math.max(0, math.min(wanted, max - count))
-- ZADD in chunks: unpack() of a very large table would overflow the Lua stack.
local i = 1
while i <= granted do
  local args = {}
  local last = math.min(granted, i + 199)
  for j = i, last do
    args[#args + 1] = now
    args[#args + 1] = now .. ':' .. ARGV[4] .. ':' .. j
  end
  redis.call('ZADD', KEYS[1], unpack(args))
  i = last + 1
end
if granted > 0 then redis.call('PEXPIRE', KEYS[1], window + 1000) end
if granted >= wanted then return { granted, 0 } end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = window
if oldest[2] then
  wait = tonumber(oldest[2]) + window - now
end
if wait < 1 then wait = 1 end
return { granted, wait }
