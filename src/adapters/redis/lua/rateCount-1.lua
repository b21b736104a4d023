-- rateCount: how many requests the sliding window of a rate limiter currently holds (server clock).
--
-- KEYS[1]  sorted set of allowed requests (e.g. mutt:rate_limit:ingestor)
-- ARGV[1]  window length in milliseconds (integer >= 1)
--
-- Returns: the number of members inside the window after trimming expired ones.
local window = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
return redis.call('ZCARD', KEYS[1])
