-- claimBatch: move up to ARGV[1] of the oldest messages from a queue into a processing list.
-- Producers LPUSH at the head, so the oldest message is at the tail; each one is moved to the
-- head of the processing list (LMOVE RIGHT LEFT), the same layout as Python MUTT's RPOPLPUSH.
--
-- KEYS[1]  queue (e.g. mutt:ingest_queue)
-- KEYS[2]  processing list of this pod (e.g. mutt:processing:alerter:<POD_NAME>)
-- ARGV[1]  max: how many messages to claim at most (integer >= 1)
--
-- Returns: the claimed bodies, oldest first (possibly empty).
local max = tonumber(ARGV[1])
local claimed = {}
for i = 1, max do
  local body = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
  if not body then break end
  claimed[i] = body
end
return claimed
