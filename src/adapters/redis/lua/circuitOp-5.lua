-- circuitOp: one atomic step of the shared Moogsoft circuit breaker, on the server's clock (Redis TIME).
-- Mirrors src/core/moog/circuit-breaker.ts: distinct-message failure counting, lazy OPEN -> HALF_OPEN,
-- exactly one half-open probe (SET NX PX), any success closes a half-open breaker.
--
-- KEYS[1]  state       (CLOSED | OPEN | HALF_OPEN; missing = CLOSED)
-- KEYS[2]  failures    (distinct failed messages since the last success)
-- KEYS[3]  open_time   (epoch seconds, float, when it opened)
-- KEYS[4]  probe       (holder of the half-open probe; PX = probe TTL)
-- KEYS[5]  failed_ids  (SET of message ids counted since the last success)
-- ARGV[1]  op: admit | success | failure | probe_ok | status | reset
--          (status writes nothing: past the open period it reports HALF_OPEN, the state the next send finds)
--          (probe_ok: a passing HEAD probe moves OPEN -> HALF_OPEN before the timeout; it never closes)
-- ARGV[2]  threshold (integer >= 1)
-- ARGV[3]  open duration in ms
-- ARGV[4]  probe TTL in ms
-- ARGV[5]  holder (admit) or message id (failure); '' otherwise
--
-- Returns: { state, failures, open_time_ms or -1, probe holder or '', verdict ('allow'|'probe'|'reject'|'') }
local op = ARGV[1]
local threshold = tonumber(ARGV[2])
local open_ms = tonumber(ARGV[3])
local probe_ttl = tonumber(ARGV[4])
local arg = ARGV[5]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function open(at)
  redis.call('SET', KEYS[1], 'OPEN')
  redis.call('SET', KEYS[3], string.format('%.3f', at / 1000))
  redis.call('DEL', KEYS[4], KEYS[5])
end

local function close()
  redis.call('SET', KEYS[1], 'CLOSED')
  redis.call('SET', KEYS[2], 0)
  redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
end

local state = redis.call('GET', KEYS[1]) or 'CLOSED'
local opened = tonumber(redis.call('GET', KEYS[3]) or '')
local expired = state == 'OPEN' and opened and now - opened * 1000 >= open_ms
-- status only reports the elapsed open period; an operation that sends (or records) makes it HALF_OPEN.
if expired then
  state = 'HALF_OPEN'
  if op ~= 'status' then
    redis.call('SET', KEYS[1], 'HALF_OPEN')
    redis.call('DEL', KEYS[4])
  end
end

local verdict = ''
if op == 'reset' then
  close()
  state = 'CLOSED'
elseif op == 'admit' then
  if state == 'CLOSED' then
    verdict = 'allow'
  elseif state == 'OPEN' then
    verdict = 'reject'
  elseif redis.call('SET', KEYS[4], arg, 'NX', 'PX', probe_ttl) then
    verdict = 'probe'
  else
    verdict = 'reject'
  end
elseif op == 'success' then
  if state == 'OPEN' then
    redis.call('SET', KEYS[2], 0)
    redis.call('DEL', KEYS[5])
  else
    close()
    state = 'CLOSED'
  end
elseif op == 'probe_ok' then
  if state == 'OPEN' then
    state = 'HALF_OPEN'
    redis.call('SET', KEYS[1], 'HALF_OPEN')
    redis.call('DEL', KEYS[4])
  end
elseif op == 'failure' then
  if state == 'HALF_OPEN' then
    open(now)
    state = 'OPEN'
  elseif state == 'CLOSED' then
    if redis.call('SADD', KEYS[5], arg) == 1 then
      local n = redis.call('INCR', KEYS[2])
      if n >= threshold then
        open(now)
        state = 'OPEN'
      end
    end
  end
end

local failures = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
local ot = tonumber(redis.call('GET', KEYS[3]) or '')
local open_ms_out = -1
if ot then open_ms_out = math.floor(ot * 1000) end
local holder = ''
if not (expired and op == 'status') then holder = redis.call('GET', KEYS[4]) or '' end
return { state, failures, open_ms_out, holder, verdict }
