-- move: remove one occurrence of a body from one list and, only if it was there, LPUSH a replacement
-- onto another list (DLQ moves, replays). Atomic, so an entry is never lost nor doubled.
--
-- KEYS[1]  source list
-- KEYS[2]  target list
-- ARGV[1]  body to remove from KEYS[1]
-- ARGV[2]  replacement to LPUSH onto KEYS[2]
--
-- Returns: 1 when moved, 0 when the body was not found.
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  return 1
end
return 0
