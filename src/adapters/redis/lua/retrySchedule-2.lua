-- retrySchedule: park one claimed message for a later attempt, atomically (never lost, never doubled).
--
-- KEYS[1]  processing list holding the claimed message (e.g. mutt:processing:moog:<POD_NAME>)
-- KEYS[2]  retry ZSET (mutt:retry:moog), score = due time in epoch ms (Redis TIME)
-- ARGV[1]  receipt: the claimed body as it sits in the processing list
-- ARGV[2]  new body to re-queue when due (with its incremented _moog_retry_count)
-- ARGV[3]  delay in ms
-- ARGV[4]  unique tag, so two identical bodies are two ZSET members
--
-- Returns: 1 when parked, 0 when the receipt was no longer in the processing list (janitor took it).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4] .. '|' .. ARGV[2])
return 1
