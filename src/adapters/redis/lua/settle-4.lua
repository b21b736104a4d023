-- settle: remove finished messages from a processing list and push their outputs, in one atomic step.
-- One script call instead of a MULTI of one LREM per message: far fewer commands to build, send and queue.
--
-- KEYS[1]  processing list the messages were claimed into
-- KEYS[2]  first output queue  (ignored when ARGV[2] is 0)
-- KEYS[3]  second output queue (ignored when ARGV[3] is 0)
-- KEYS[4]  third output queue  (ignored when ARGV[4] is 0)
-- ARGV[1]  number of finished bodies (receipts) that follow
-- ARGV[2]  number of messages for KEYS[2]
-- ARGV[3]  number of messages for KEYS[3]
-- ARGV[4]  number of messages for KEYS[4]
-- ARGV[5..]  the finished bodies, then the messages for KEYS[2], KEYS[3] and KEYS[4] in that order
--
-- Returns: 1.
local pos = 5
for _ = 1, tonumber(ARGV[1]) do
  -- Claimed messages sit near the tail (oldest first), so search from there.
  redis.call('LREM', KEYS[1], -1, ARGV[pos])
  pos = pos + 1
end
for k = 1, 3 do
  local n = tonumber(ARGV[k + 1])
  local done = 0
  while done < n do
    -- unpack() is bounded by the Lua C stack, so push in chunks (same order as one LPUSH).
    local chunk = math.min(n - done, 1000)
    redis.call('LPUSH', KEYS[k + 1], unpack(ARGV, pos + done, pos + done + chunk - 1))
    done = done + chunk
  end
  pos = pos + n
end
return 1
