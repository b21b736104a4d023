-- unhandledIncrement: count one unhandled event for (hostname, signature); fire once per window (alerter.md §8).
-- The counter value is a JSON record (DECISIONS A6) so `GET mutt:unhandled:* | jq` shows what was seen.
--
-- KEYS[1]  counter key      mutt:unhandled:<hostname>:<sig>
-- KEYS[2]  suppression key  mutt:unhandled:<hostname>:<sig>:triggered
-- ARGV[1]  threshold T (<= 0 disables: nothing is counted)
-- ARGV[2]  window/expiry X in seconds (fixed window from the first occurrence)
-- ARGV[3]  hostname
-- ARGV[4]  signature
-- ARGV[5]  now, ISO-8601 UTC
-- ARGV[6]  correlation id of this occurrence
-- ARGV[7]  sample message (caller cuts it to 1 KiB)
--
-- Returns 1 when this occurrence reached T (the counter is renamed to the suppression key), else 0.
local threshold = tonumber(ARGV[1]) or 0
local expiry = tonumber(ARGV[2]) or 86400
if expiry < 1 then expiry = 86400 end
if threshold <= 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end

local rec = nil
local raw = redis.call('GET', KEYS[1])
if raw then
  local ok, v = pcall(cjson.decode, raw)
  if ok and type(v) == 'table' then rec = v else rec = { count = tonumber(raw) or 0 } end
end
if not rec then rec = {} end
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
end

if rec.count >= threshold then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('EXPIRE', KEYS[2], expiry)
  return 1
end
return 0
