-- unhandledIncrement: count one unhandled event for (hostname, signature); fire once per window.
-- The counter value is a JSON record (docs/decisions.md D5) so `GET mutt:unhandled:* | jq` shows what was seen.
-- A new signature must fit under the cap of live signatures, or nothing is written: a flood of distinct messages
-- costs one ZSET lookup per event instead of a key per event (docs/hardening.md).
--
-- KEYS[1]  counter key      mutt:unhandled:<hostname>:<sig>
-- KEYS[2]  suppression key  mutt:unhandled:<hostname>:<sig>:triggered
-- KEYS[3]  signature index  mutt:unhandled_index (ZSET, member <hostname>:<sig>, score = window end in ms)
-- ARGV[1]  threshold T (<= 0 disables: nothing is counted)
-- ARGV[2]  window/expiry X in seconds (fixed window from the first occurrence)
-- ARGV[3]  hostname
-- ARGV[4]  signature
-- ARGV[5]  now, ISO-8601 UTC
-- ARGV[6]  correlation id of this occurrence
-- ARGV[7]  sample message (caller cuts it to 1 KiB)
-- ARGV[8]  now, milliseconds since the epoch (index scores and pruning)
-- ARGV[9]  cap: live signatures tracked at most (counters and suppression keys alike)
--
-- Returns 0 counted, 1 this occurrence reached T (the counter is renamed to the suppression key), 2 overflow (a new
-- signature past the cap: not tracked), 3 suppressed (the suppression key lives), 4 disabled.
local threshold = tonumber(ARGV[1]) or 0
local expiry = tonumber(ARGV[2]) or 86400
if expiry < 1 then expiry = 86400 end
if threshold <= 0 then return 4 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 3 end
local now_ms = tonumber(ARGV[8]) or 0
local cap = tonumber(ARGV[9]) or 0
local member = ARGV[3] .. ':' .. ARGV[4]
local window_end = now_ms + expiry * 1000

-- The index lives as long as its newest member, so an idle system keeps no ledger.
local function track()
  redis.call('ZADD', KEYS[3], window_end, member)
  if redis.call('PTTL', KEYS[3]) < expiry * 1000 then redis.call('PEXPIRE', KEYS[3], expiry * 1000) end
end

local rec = nil
local raw = redis.call('GET', KEYS[1])
if raw then
  local ok, v = pcall(cjson.decode, raw)
  if ok and type(v) == 'table' then rec = v else rec = { count = tonumber(raw) or 0 } end
else
  -- A new window: drop members whose window has ended, then the signature must fit (or already be a member).
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now_ms)
  if redis.call('ZCARD', KEYS[3]) >= cap and not redis.call('ZSCORE', KEYS[3], member) then return 2 end
  rec = {}
end
rec.count = (tonumber(rec.count) or 0) + 1
rec.hostname = rec.hostname or ARGV[3]
rec.signature = rec.signature or ARGV[4]
rec.first_seen = rec.first_seen or ARGV[5]
rec.last_seen = ARGV[5]
rec.correlation_id = ARGV[6]
rec.sample = ARGV[7]

local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('SET', KEYS[1], cjson.encode(rec), 'PX', ttl)
else
  -- first occurrence, or a key without a TTL (tampering): start the window now
  redis.call('SET', KEYS[1], cjson.encode(rec), 'EX', expiry)
  track()
end

if rec.count >= threshold then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('EXPIRE', KEYS[2], expiry)
  track()
  return 1
end
return 0
