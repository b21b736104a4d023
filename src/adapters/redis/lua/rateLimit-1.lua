-- rateLimit: sliding-window log shared by every process (ingestor, forwarder), on the server's clock.
-- Uses Redis TIME rather than the caller's clock so hosts with skewed clocks share one window.
--
-- KEYS[1]  sorted set of allowed requests (e.g. mutt:rate_limit:ingestor, mutt:rate_limit:moog)
-- ARGV[1]  max: requests allowed per window (integer >= 1)
-- ARGV[2]  window length in milliseconds (integer >= 1)
-- ARGV[3]  random suffix for the member, so simultaneous requests never collide
--
-- Returns: { allowed (1|0), wait_ms } where wait_ms is the time until the oldest member leaves the
-- window when refused, and 0 when allowed.
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= max then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = window
  if oldest[2] then
    wait = tonumber(oldest[2]) + window - now
  end
  if wait < 1 then wait = 1 end
  return { 0, wait }
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window + 1000)
return { 1, 0 }
