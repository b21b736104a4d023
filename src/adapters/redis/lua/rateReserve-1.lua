-- rateReserve: a pacer on the sliding-window log of rateLimit-1.lua. Instead of granting "now", it books send
-- times (slots) spaced window/max apart on the server's clock, so any window holds at most `max` slots, and a
-- caller that wakes late does not push the schedule back. Only slots within `horizon` are booked: a caller that
-- stalls loses just those, and the others take the slots after them.
--
-- KEYS[1]  sorted set of slots, scored by slot time in ms (e.g. mutt:rate_limit:moog)
-- ARGV[1]  max: requests allowed per window (integer >= 1)
-- ARGV[2]  window length in milliseconds (integer >= 1; the forwarder adds its arrival guard)
-- ARGV[3]  wanted: how many slots the caller asks for (integer >= 1)
-- ARGV[4]  random suffix for the members, so simultaneous callers never collide
-- ARGV[5]  horizon: book no slot later than now + horizon milliseconds (integer >= 0)
--
-- Returns: { granted, wait_ms, offset_us_1, ..., offset_us_granted } where offset_us_i is how long after the
-- server's now slot i starts (microseconds, ascending), and wait_ms (when nothing was granted) is how long until
-- a slot is bookable again.
--@include sliding-window
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
local wanted = tonumber(ARGV[3])
local horizon = tonumber(ARGV[5]) * 1000
local now = sw_now_us()
local spacing = math.max(1, math.floor(window / max))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', (now - 2 * window) / 1000)
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local nextSlot = now
if newest[2] then nextSlot = math.max(now, math.floor(tonumber(newest[2]) * 1000) + spacing) end
local out = { 0, 0 }
local args = {}
local granted = 0
local last = now + math.min(horizon, window - spacing)
while granted < wanted and nextSlot <= last do
  granted = granted + 1
  args[#args + 1] = nextSlot / 1000
  args[#args + 1] = string.format('%.0f', nextSlot) .. ':' .. ARGV[4] .. ':' .. granted
  out[#out + 1] = nextSlot - now
  nextSlot = nextSlot + spacing
  -- ZADD in chunks: unpack() of a very large table would overflow the Lua stack.
  if #args >= 400 then
    redis.call('ZADD', KEYS[1], unpack(args))
    args = {}
  end
end
if #args > 0 then redis.call('ZADD', KEYS[1], unpack(args)) end
out[1] = granted
if granted > 0 then
  redis.call('PEXPIRE', KEYS[1], math.ceil((nextSlot - now + 2 * window) / 1000) + 1000)
else
  out[2] = math.max(1, math.ceil((nextSlot - last) / 1000))
end
return out
