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
--@include sliding-window
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local now = math.floor(sw_now_us() / 1000)
local granted = math.max(0, math.min(wanted, max - sw_trim_count(KEYS[1], now, window)))
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
return { granted, sw_wait_ms(KEYS[1], now, window) }
