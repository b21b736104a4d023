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
--@include sliding-window
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = math.floor(sw_now_us() / 1000)
if sw_trim_count(KEYS[1], now, window) >= max then return { 0, sw_wait_ms(KEYS[1], now, window) } end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window + 1000)
return { 1, 0 }
