-- The wave waiting for manual promotion goes on to the next one (what kubectl iotjobs promote does).
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["iotjobs.dev/promote"] = obj.status.currentWave
return obj
