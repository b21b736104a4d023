-- rateCount: how many requests the sliding window of a rate limiter currently holds (server clock).
-- Read-only, and only up to now: trimming is left to the acquiring scripts (an observer asking with a shorter
-- window must not delete history the limiter still counts), and slots a pacer booked ahead are not counted yet.
--
-- KEYS[1]  sorted set of allowed requests, scored in ms (e.g. mutt:rate_limit:ingestor)
-- ARGV[1]  window length in milliseconds (integer >= 1)
--
-- Returns: the number of members inside (now - window, now].
--@include sliding-window
local window = tonumber(ARGV[1])
local now = sw_now_us() / 1000
return redis.call('ZCOUNT', KEYS[1], '(' .. (now - window), now)
