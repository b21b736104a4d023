-- sliding-window: helpers shared by the rate* scripts, pasted in by `--@include sliding-window` at build time.
-- Times come from Redis TIME, not the caller's clock, so hosts with skewed clocks share one window.

-- The server's clock in microseconds (an integer below 2^53, exact in a Lua number).
local function sw_now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- Drops members older than the window and returns how many are left.
local function sw_trim_count(key, now_ms, window_ms)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now_ms - window_ms)
  return redis.call('ZCARD', key)
end

-- Milliseconds until the oldest member leaves the window (at least 1; the whole window when the set is empty).
local function sw_wait_ms(key, now_ms, window_ms)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  local wait = window_ms
  if oldest[2] then wait = tonumber(oldest[2]) + window_ms - now_ms end
  if wait < 1 then wait = 1 end
  return wait
end
