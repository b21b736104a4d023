-- pushBounded: LPUSH messages only while the queue is below its cap (soft cap, checked once per batch).
--
-- KEYS[1]  queue (e.g. mutt:ingest_queue)
-- ARGV[1]  cap: maximum depth; the push is refused when LLEN >= cap
-- ARGV[2..n]  messages, in push order (ARGV[2] is consumed first)
--
-- Returns: { accepted (1|0), depth observed before the push }.
local cap = tonumber(ARGV[1])
local depth = redis.call('LLEN', KEYS[1])
if depth >= cap then
  return { 0, depth }
end
-- unpack() is bounded by the Lua C stack, so push in chunks; order is kept because each chunk lands at the head.
local chunk = 1000
local n = #ARGV
local i = 2
while i <= n do
  local last = math.min(i + chunk - 1, n)
  redis.call('LPUSH', KEYS[1], unpack(ARGV, i, last))
  i = last + 1
end
return { 1, depth }
