-- Argo CD health check for iotjobs.dev IoTJob (resource.customizations.health.iotjobs.dev_IoTJob).
-- Progressing while SCHEDULED or IN_PROGRESS, Suspended when spec.suspend is set, Healthy when COMPLETED
-- (or canceled by a person or at the end of its schedule) and while a CONTINUOUS job runs normally (its steady
-- state), Degraded when abort criteria canceled it, when it cannot start (invalid schedule or document), or when
-- it has waited for a missing target group for more than five minutes. A staged rollout is Suspended while a wave
-- waits for manual promotion and Degraded when a wave failed its gate.
local hs = {}
local MISSING_TARGETS_GRACE_SECONDS = 300

-- seconds since the epoch of an RFC 3339 UTC time such as 2026-12-01T10:00:00Z (fractions ignored)
local function epoch(text)
  if text == nil then
    return nil
  end
  local y, mo, d, h, mi, s = string.match(text, "^(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)")
  if y == nil then
    return nil
  end
  local local_time = os.time({year = tonumber(y), month = tonumber(mo), day = tonumber(d), hour = tonumber(h),
    min = tonumber(mi), sec = tonumber(s)})
  -- os.time reads the table as local time: correct by this machine's offset from UTC
  local now = os.time()
  local offset = os.time(os.date("!*t", now)) - now
  return local_time - offset
end

local function condition(status, type)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function counters(status)
  local d = status.jobProcessDetails
  if d == nil then
    return ""
  end
  return string.format(" (%d succeeded, %d failed, %d rejected, %d timed out, %d canceled of %d targets)",
    d.numberOfSucceededThings or 0, d.numberOfFailedThings or 0, d.numberOfRejectedThings or 0,
    d.numberOfTimedOutThings or 0, d.numberOfCanceledThings or 0, status.targetCount or 0)
end

if obj.status == nil or obj.status.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the job"
  return hs
end

local status = obj.status
local phase = status.status
local progressing = condition(status, "Progressing")

if phase == "COMPLETED" then
  hs.status = "Healthy"
  hs.message = "Completed" .. counters(status)
  return hs
end

if phase == "CANCELED" then
  local canceled = condition(status, "Canceled")
  if canceled ~= nil and canceled.reason == "AbortCriteriaMet" then
    hs.status = "Degraded"
    hs.message = "Aborted: " .. (status.comment or "abort criteria met")
  elseif canceled ~= nil and canceled.reason == "WaveGateFailed" then
    hs.status = "Degraded"
    hs.message = "Gate failed: " .. (status.comment or "a wave failed its gate")
      .. (status.rollbackJob and ("; rollback job " .. status.rollbackJob) or "")
  else
    hs.status = "Healthy"
    hs.message = "Canceled" .. (status.reasonCode and (": " .. status.reasonCode) or "")
  end
  return hs
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Suspended: nothing new is queued" .. counters(status)
  return hs
end

if progressing ~= nil and progressing.status == "False" then
  hs.status = "Degraded"
  hs.message = progressing.message or progressing.reason
  return hs
end

if progressing ~= nil and progressing.reason == "WaitingForPromotion" then
  hs.status = "Suspended"
  hs.message = "Wave " .. (status.currentWave or "?") .. " passed its gate and waits for promotion" .. counters(status)
  return hs
end

local targets = condition(status, "TargetsResolved")
if targets ~= nil and targets.status == "False" and targets.reason == "TargetsNotFound" then
  local since = epoch(targets.lastTransitionTime)
  if since ~= nil and os.time() - since > MISSING_TARGETS_GRACE_SECONDS then
    hs.status = "Degraded"
    hs.message = "Missing targets for more than 5 minutes: " .. (targets.message or "a target group does not exist")
    return hs
  end
end

if phase == "IN_PROGRESS" and obj.spec ~= nil and obj.spec.targetSelection == "CONTINUOUS" then
  hs.status = "Healthy"
  hs.message = "Continuous: new members get the job" .. counters(status)
  return hs
end

hs.status = "Progressing"
if phase == "SCHEDULED" then
  hs.message = (progressing ~= nil and progressing.message) or "Scheduled"
elseif progressing ~= nil and progressing.reason == "Soaking" then
  hs.message = "Soaking wave " .. (status.currentWave or "?") .. counters(status)
else
  hs.message = "Rolling out" .. (status.currentWave and (" wave " .. status.currentWave) or "") .. counters(status)
end
return hs
