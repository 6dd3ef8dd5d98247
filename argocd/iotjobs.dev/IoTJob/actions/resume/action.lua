-- Queueing goes on where it stopped.
obj.spec.suspend = false
return obj
