-- Nothing new is queued while suspended; what devices already have runs on.
obj.spec.suspend = true
return obj
