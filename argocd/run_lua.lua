-- Runs an Argo CD Lua script (health check, action discovery or action) against one object given as JSON, the
-- way Argo CD does: the object as the global `obj`, only os.time and os.date from the os library. Prints what
-- the script returns as JSON.
local cjson = require("cjson")
local script, input = arg[1], arg[2]
local f = assert(io.open(input, "r"))
local object = cjson.decode(f:read("*a"))
f:close()
local env = {obj = object, ipairs = ipairs, pairs = pairs, string = string, table = table, tonumber = tonumber,
  tostring = tostring, type = type, math = math, os = {time = os.time, date = os.date}}
local chunk = assert(loadfile(script))
setfenv(chunk, env)
print(cjson.encode(chunk()))
