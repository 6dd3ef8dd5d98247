-- Argo CD resource actions for IoTJob: cancel, force-cancel, suspend, resume and promote, each offered while it can
-- still do something (a finished job offers none; a suspended one offers resume instead of suspend; promote only
-- while a wave waits for manual promotion).
local actions = {}
local phase = obj.status ~= nil and obj.status.status or nil
local finished = phase == "COMPLETED" or phase == "CANCELED" or phase == "DELETION_IN_PROGRESS"
local canceling = obj.spec ~= nil and obj.spec.cancel ~= nil
local suspended = obj.spec ~= nil and obj.spec.suspend == true
actions["cancel"] = {["disabled"] = finished or canceling}
actions["force-cancel"] = {["disabled"] = finished or (canceling and obj.spec.cancel.force == true)}
actions["suspend"] = {["disabled"] = finished or canceling or suspended}
actions["resume"] = {["disabled"] = finished or canceling or not suspended}
local waiting = false
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Progressing" and c.reason == "WaitingForPromotion" then
      waiting = true
    end
  end
end
actions["promote"] = {["disabled"] = finished or canceling or not waiting}
return actions
