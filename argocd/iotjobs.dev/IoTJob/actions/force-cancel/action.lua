-- CancelJob with force: IN_PROGRESS executions are canceled too.
if obj.spec.cancel == nil then
  obj.spec.cancel = {}
end
obj.spec.cancel.force = true
obj.spec.cancel.reasonCode = obj.spec.cancel.reasonCode or "ARGOCD_ACTION"
obj.spec.cancel.comment = obj.spec.cancel.comment or "Force-canceled from Argo CD"
return obj
