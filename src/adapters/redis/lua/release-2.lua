-- release: put claimed messages back at the consuming end (tail) of their queue, oldest consumed first.
-- A body is re-queued only if it was still in the processing list, so a message recovered meanwhile
-- by a janitor is never doubled.
--
-- KEYS[1]  processing list the messages were claimed into
-- KEYS[2]  queue to put them back on
-- ARGV[1..n]  claimed bodies (receipts), oldest first
--
-- Returns: how many messages were put back.
local moved = 0
-- RPUSH the newest first so that the oldest ends up at the very tail and is claimed first again.
for i = #ARGV, 1, -1 do
  if redis.call('LREM', KEYS[1], 1, ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[i])
    moved = moved + 1
  end
end
return moved
