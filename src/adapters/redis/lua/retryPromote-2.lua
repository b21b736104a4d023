-- retryPromote: move due retries back to their queue (back of the line), atomically.
--
-- KEYS[1]  retry ZSET (mutt:retry:moog), members `<tag>|<body>`, score = due epoch ms
-- KEYS[2]  target queue (mutt:alert_queue)
-- ARGV[1]  max entries to move (integer >= 1)
--
-- Returns: { moved, ms until the next entry is due or -1 when none is left }
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, m in ipairs(due) do
  local sep = string.find(m, '|', 1, true)
  redis.call('LPUSH', KEYS[2], string.sub(m, sep + 1))
  redis.call('ZREM', KEYS[1], m)
end
local nxt = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = -1
if nxt[2] then
  wait = tonumber(nxt[2]) - now
  if wait < 0 then wait = 0 end
end
return { #due, wait }
