-- Runs a health.lua against one object given as JSON, the way Argo CD does: the object as the global `obj`,
-- only os.time and os.date from the os library. Prints the status and the message on two lines.
local cjson = require("cjson")
local script, input = arg[1], arg[2]
local f = assert(io.open(input, "r"))
local object = cjson.decode(f:read("*a"))
f:close()
local env = {obj = object, ipairs = ipairs, pairs = pairs, string = string, table = table, tonumber = tonumber,
  tostring = tostring, type = type, math = math, os = {time = os.time, date = os.date}}
local chunk = assert(loadfile(script))
setfenv(chunk, env)
local hs = chunk()
print(hs.status)
print(hs.message or "")
