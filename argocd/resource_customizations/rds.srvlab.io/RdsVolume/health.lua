-- Argo CD health check for rds.srvlab.io/RdsVolume (global `obj` is the live object; returns {status, message}).
--   Healthy      Ready=True and the operator has observed the current generation
--   Progressing  no status yet, generation not observed yet, being deleted (the message says what blocks it), phase
--                Pending/Creating/Resizing/Deleting, or Ready=False for a transient reason (CircuitOpen,
--                PoolExhausted, RateLimited, timeouts, ...): the operator retries those by itself; long outages are
--                Prometheus alerts, not health
--   Degraded     phase Failed, or Ready=False with a permanent reason (needs a human: fix the spec or the RDS)
-- Runs in Argo CD's restricted Lua VM: base and table libraries only (no string library).
local hs = {}
local permanent = {
  NotEnoughSpace = true, SlotConflict = true, InvalidSpec = true,
  DiskMissing = true, AuthFailed = true, HostKeyMismatch = true,
  NotFound = true, CommandRejected = true, UnexpectedOutput = true, CommandFailed = true,
  DiskOwnedByAnotherVolume = true, AdoptionNotAllowed = true, DiskNotOwned = true, FileInUse = true,
  FileExists = true, SlotClaimed = true, NamespaceNotAllowed = true, ServerChanged = true, NqnInUse = true,
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
  -- the operator writes phase Deleting and a Ready=False reason while something keeps it from releasing the disk
  local blocker = condition(status, "Ready")
  if status ~= nil and status.phase == "Deleting" and blocker ~= nil and blocker.status == "False" then
    hs.message = "Deleting, blocked: " .. describe(blocker, "DeletionBlocked")
  else
    hs.message = "Deleting: waiting for the operator to release the disk"
  end
  return hs
end
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile the volume"
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = condition(status, "Ready")
if status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = describe(ready, status.message or "Failed")
  return hs
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Ready"
  if status.slot ~= nil then hs.message = "Ready: slot " .. status.slot end
  return hs
end
if ready ~= nil and ready.status == "False" and permanent[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "NotReady")
  return hs
end
hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready, status.phase or "NotReady")
elseif status.phase ~= nil then
  hs.message = status.phase
else
  hs.message = "Waiting for the Ready condition"
end
return hs
