-- recover: move everything in a processing list back to the consuming end (tail) of its queue.
-- The processing list holds the newest claim at its head, so taking from the head and appending at the
-- queue tail (LMOVE LEFT RIGHT) leaves the oldest claim at the very tail: retry order is kept.
--
-- KEYS[1]  processing list (e.g. mutt:processing:alerter:<POD_NAME>)
-- KEYS[2]  queue the messages came from (e.g. mutt:ingest_queue)
--
-- Returns: how many messages were moved.
local moved = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') do
  moved = moved + 1
end
return moved
