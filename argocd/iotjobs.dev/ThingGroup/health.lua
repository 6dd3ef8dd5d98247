-- Argo CD health check for iotjobs.dev ThingGroup (resource.customizations.health.iotjobs.dev_ThingGroup).
-- Healthy when its members are resolved (Ready=True), Degraded when they cannot be (a parentGroup cycle, a
-- missing parent, a hierarchy deeper than 7 levels, an invalid selector), Progressing until the operator has
-- looked at it.
local hs = {}
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" then
      if c.status == "True" then
        hs.status = "Healthy"
        hs.message = string.format("%d members", obj.status.memberCount or 0)
      else
        hs.status = "Degraded"
        hs.message = (c.reason or "NotReady") .. ": " .. (c.message or "")
      end
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for the operator to resolve the members"
return hs
