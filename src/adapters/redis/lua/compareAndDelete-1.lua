-- compareAndDelete: delete a key only if it still holds the expected value (heartbeat of this instance).
-- Keeps a restarted pod's new heartbeat safe from the old instance's graceful shutdown.
--
-- KEYS[1]  key (e.g. mutt:heartbeat:alerter:<POD_NAME>)
-- ARGV[1]  expected value (the instance id)
--
-- Returns: 1 when deleted, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
