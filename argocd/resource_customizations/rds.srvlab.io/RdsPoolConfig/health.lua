-- Argo CD health check for rds.srvlab.io/RdsPoolConfig (global `obj` is the live object; returns {status, message}).
--   Healthy      Ready=True and the operator has observed the current generation
--   Progressing  no status yet, generation not observed yet, being deleted (the message says what blocks it), or
--                Ready=False for a transient reason (CircuitOpen, PoolExhausted, connection errors, ...): the breaker
--                half-opens and retries by itself; long outages are the Prometheus alerts RdsCircuitBreakerOpen /
--                RdsServerUnreachable, not health
--   Degraded     Ready=False with a permanent reason (AuthFailed, HostKeyMismatch, InvalidSpec, a key Secret the
--                operator cannot read, ...)
-- Runs in Argo CD's restricted Lua VM: base and table libraries only (no string library).
local hs = {}
local permanent = {
  NotEnoughSpace = true, SlotConflict = true, InvalidSpec = true,
  DiskMissing = true, AuthFailed = true, HostKeyMismatch = true,
  NotFound = true, CommandRejected = true, UnexpectedOutput = true, CommandFailed = true,
  DiskOwnedByAnotherVolume = true, AdoptionNotAllowed = true, DiskNotOwned = true, FileInUse = true,
  FileExists = true, SlotClaimed = true, NamespaceNotAllowed = true, ServerChanged = true, NqnInUse = true,
  SecretNamespaceNotWatched = true, SecretKeyNotFound = true,
}

local function condition(status, ctype)
  if status == nil or status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == ctype then return c end
  end
  return nil
end

local function describe(c, fallback)
  if c == nil then return fallback end
  local text = c.reason or fallback
  if c.message ~= nil and c.message ~= "" then text = text .. ": " .. c.message end
  return text
end

local status = obj.status
local generation = obj.metadata and obj.metadata.generation
if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  local blocker = condition(status, "Ready")
  if blocker ~= nil and blocker.status == "False" and blocker.reason == "InUse" then
    hs.message = "Deleting, blocked: " .. describe(blocker, "InUse")
  else
    hs.message = "Deleting: waiting for the operator to close the pool"
  end
  return hs
end
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to connect to the RDS"
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = condition(status, "Ready")
if ready ~= nil and ready.status == "False" and permanent[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "NotReady")
  return hs
end
if status.circuitState == "OPEN" then
  hs.status = "Progressing"
  hs.message = "Circuit breaker open: the RDS is not answering, the operator retries"
  if ready ~= nil and ready.status == "False" then hs.message = hs.message .. " (" .. describe(ready, "NotReady") .. ")" end
  return hs
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Ready"
  if status.circuitState == "HALF_OPEN" then hs.message = "Ready (circuit half-open)" end
  if status.pool ~= nil and status.pool.summary ~= nil then hs.message = hs.message .. ": " .. status.pool.summary end
  return hs
end
hs.status = "Progressing"
hs.message = describe(ready, "Waiting for the Ready condition")
return hs
