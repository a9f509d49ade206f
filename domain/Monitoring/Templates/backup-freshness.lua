-- Backup freshness of stack '{{stack}}', rendered by infra (domain/Monitoring/BackupFreshness.cs); do not edit.
-- The proxy answers GET {{path}} with 200 while the last successful backup is at most {{maxAge}} s old
-- (the longest gap of the schedule '{{schedule}}' plus the grace period), and 503 otherwise, so an
-- uptime check of that path alerts when no backup succeeded in time. The backup job writes the record,
-- the Unix time of its last success, only after a fully successful run; no record is stale too.
local record = "{{record}}"
local max_age = {{maxAge}}

local function verdict()
  local file = io.open(record, "r")
  if not file then
    return 503, "stale: no successful backup recorded (" .. record .. ")"
  end
  local last = tonumber(file:read("l") or "")
  file:close()
  if not last then
    return 503, "stale: the record " .. record .. " holds no time"
  end
  local age = os.time() - last
  if age <= max_age then
    return 200, string.format("fresh: last successful backup %d s ago (limit %d s)", age, max_age)
  end
  return 503, string.format("stale: last successful backup %d s ago (limit %d s)", age, max_age)
end

core.register_service("backup_freshness", "http", function(applet)
  local status, text = verdict()
  text = text .. "\n"
  applet:set_status(status)
  applet:add_header("content-type", "text/plain")
  applet:add_header("content-length", tostring(#text))
  applet:add_header("cache-control", "no-store")
  applet:start_response()
  applet:send(text)
end)
