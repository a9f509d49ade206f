-- Backup freshness of stack '{{stack}}', rendered by infra (domain/Monitoring/BackupFreshness.cs); do not edit.
-- The proxy answers GET {{path}} with 200 while the last successful backup is at most {{maxAge}} s old
-- (the longest gap of the schedule '{{schedule}}' plus the grace period), and 503 otherwise, so an
-- uptime check of that path alerts when no backup succeeded in time. The backup job writes the record,
-- the Unix time of its last success, only after a fully successful run; no record is stale too.
-- Where PostgreSQL's WAL is archived, it is also 503 while infra-wal-ship's record says archiving is
-- behind, or is more than {{walMaxAge}} s old (the shipper stopped running): nothing alerts otherwise
-- before a lost disk loses more than a minute of commits.
local record = "{{record}}"
local max_age = {{maxAge}}
local wal_record = "{{walRecord}}"
local wal_max_age = {{walMaxAge}}

local function backup_verdict()
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

-- The shipper's record: its run's Unix time, "ok" or "behind", and the message, a line each.
local function wal_verdict()
  local file = io.open(wal_record, "r")
  if not file then
    return 503, "behind: no WAL shipping run recorded (" .. wal_record .. ")"
  end
  local time = tonumber(file:read("l") or "")
  local result = file:read("l") or ""
  local message = file:read("l") or ""
  file:close()
  if not time then
    return 503, "behind: the record " .. wal_record .. " holds no time"
  end
  local age = os.time() - time
  if age > wal_max_age then
    return 503, string.format("behind: WAL shipping last recorded a run %d s ago (limit %d s)", age, wal_max_age)
  end
  if result ~= "ok" then
    return 503, "behind: " .. message
  end
  return 200, string.format("WAL shipped %d s ago", age)
end

local function verdict()
  local status, text = backup_verdict()
  if status ~= 200 or wal_record == "" then
    return status, text
  end
  local wal_status, wal_text = wal_verdict()
  if wal_status ~= 200 then
    return wal_status, wal_text
  end
  return 200, text .. "; " .. wal_text
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
