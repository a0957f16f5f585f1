-- Argo CD health check for rds.srvlab.io/RdsSnapshot (global `obj` is the live object; returns {status, message}).
--   Healthy      readyToUse and the operator has observed the current generation
--   Progressing  no status yet, generation not observed yet, being deleted (the message says what blocks it), or not
--                ready for a reason the operator waits out (SourceNotReady, PoolConfigNotReady, RdsUnreachable, ...)
--   Degraded     phase Failed (needs a human: see the Ready reason)
-- Runs in Argo CD's restricted Lua VM: base and table libraries only (no string library).
local hs = {}

local function ready(status)
  if status == nil or status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == "Ready" then return c end
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
  local blocker = ready(status)
  if status ~= nil and status.phase == "Deleting" and blocker ~= nil and blocker.status == "False" then
    hs.message = "Deleting, blocked: " .. describe(blocker, "DeletionBlocked")
  else
    hs.message = "Deleting: waiting for the operator to remove the snapshot"
  end
  return hs
end
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to take the snapshot"
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end
local c = ready(status)
if status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = describe(c, status.message or "Failed")
  return hs
end
if status.readyToUse == true then
  hs.status = "Healthy"
  hs.message = "Ready to use"
  if status.rdsName ~= nil then hs.message = "Ready to use: " .. status.rdsName end
  return hs
end
hs.status = "Progressing"
hs.message = describe(c, status.phase or "Waiting for the snapshot")
return hs
