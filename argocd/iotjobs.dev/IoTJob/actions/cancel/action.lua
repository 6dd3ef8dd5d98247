-- CancelJob: QUEUED executions are canceled, IN_PROGRESS ones may finish; devices are told.
if obj.spec.cancel == nil then
  obj.spec.cancel = {}
end
obj.spec.cancel.reasonCode = obj.spec.cancel.reasonCode or "ARGOCD_ACTION"
obj.spec.cancel.comment = obj.spec.cancel.comment or "Canceled from Argo CD"
return obj
