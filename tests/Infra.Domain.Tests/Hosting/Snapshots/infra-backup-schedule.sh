#!/usr/bin/env bash
# Runs the backup of stack 'local' on its schedule: the local engine's stand-in for a droplet's
# infra-backup.timer and infra-wal-ship.timer, the program of the long-running container local_backup-schedule
# (backup helper image, backup volume, engine socket and Docker's volume folder, as the helpers have).
# Rendered by infra (domain/Hosting/BackupSchedule.cs) from infra:backup.schedule "15 3 * * *"; do not edit.
#
#   every 15 s: infra-wal-ship, when the stack archives PostgreSQL WAL, unless the previous
#     one still runs;
#   in each minute the schedule names: infra-backup, at most once (the minute is recorded in
#     last-scheduled in the state folder first), unless the previous one still runs, as by a timer.
#
# A scheduled minute missed while this container was stopped or the machine slept runs as soon as it is
# back, as the timer's Persistent=true does: at start the loop looks back to the last minute it ran, or
# without that to the time of infra-backup's own last record. The scripts record every outcome as they
# do under systemd (last-status, last-wal); a run that fails is also reported here, on this
# container's output (`docker logs`), and the loop goes on. SIGTERM (docker stop) is passed on to the
# running scripts, which stop restic cleanly (a backup records `interrupted`); the loop waits for them
# and what they started, then ends.
# Needs bash 5.1 or later (wait -n -p), as in the helper image's Debian.
set -uo pipefail
# The droplet's timer reads OnCalendar= in the server's local time, which is UTC on a droplet (and
# `release status` checks missed runs in UTC): the schedule is read in UTC here too, whatever the zone
# of this machine.
export TZ=UTC

backup_script=/infra/bin/infra-backup
wal_ship_script=/infra/bin/infra-wal-ship
state_dir="${BACKUP_STATE_DIR:-/infra/backup/state}"
stamp_file="$state_dir/last-scheduled"
status_file="$state_dir/last-status"
tick=15

# infra:backup.schedule "15 3 * * *" (OnCalendar=*-*-* 03:15:00), each field spelled out.
minutes=" 15 "
hours=" 3 "
days=" 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 "
months=" 1 2 3 4 5 6 7 8 9 10 11 12 "
weekdays=" 0 1 2 3 4 5 6 "
# The longest time between two runs of the schedule (0: fewer than two in two years).
longest_gap=86400

backup_pid=""
wal_pid=""
sleep_pid=""
stopping=""

log() {
  printf '%(%Y-%m-%dT%H:%M:%SZ)T infra-backup-schedule: %s\n' -1 "$*"
}

# Whether a list (" 0 15 30 ") holds a number ("05" reads as 5).
holds() {
  [[ $1 == *" $((10#$2)) "* ]]
}

# Whether the schedule names a minute after Unix time $1 and at or before $2.
scheduled_between() {
  local from=$1 to=$2 day fields dom month dow hour minute at
  ((to > from)) || return 1
  # Any span at least as long as the longest gap holds a run.
  if ((longest_gap > 0 && to - from >= longest_gap)); then
    return 0
  fi
  for ((day = from - from % 86400; day <= to; day += 86400)); do
    printf -v fields '%(%d %m %w)T' "$day"
    read -r dom month dow <<<"$fields"
    if ! holds "$days" "$dom" || ! holds "$months" "$month" || ! holds "$weekdays" "$dow"; then
      continue
    fi
    for hour in $hours; do
      for minute in $minutes; do
        at=$((day + hour * 3600 + minute * 60))
        if ((at > from && at <= to)); then
          return 0
        fi
      done
    done
  done
  return 1
}

# Where the last look at the schedule ended (Unix time): the minute the schedule last ran, else the time
# of infra-backup's last record (a run by hand), else just before this minute.
looked_until() {
  local stamp="" recorded=""
  [ -f "$stamp_file" ] && read -r stamp <"$stamp_file"
  if [[ $stamp =~ ^[0-9]+$ ]]; then
    echo "$stamp"
    return
  fi
  [ -f "$status_file" ] && recorded="$(sed -n 's/^time=//p' "$status_file" | head -n 1)"
  if [ -n "$recorded" ] && date -u -d "$recorded" +%s 2>/dev/null; then
    return
  fi
  local now
  printf -v now '%(%s)T' -1
  echo $((now - now % 60 - 1))
}

# Starts a script in a session of its own: what it runs (restic, a dump) is its process group, which a
# stop can signal and wait for, as systemd does a unit's.
start() {
  setsid "$1" </dev/null &
}

# How a run that did not succeed ended: failed, or stopped by this container's stop.
outcome() {
  if [ -n "$stopping" ]; then echo "stopped (exit $1)"; else echo "FAILED (exit $1)"; fi
}

# Waits until a run ends, the next tick is due or a signal comes; a run that ended is reported (a
# failure loudly, with the backup's own recorded message) and forgotten.
wait_for_something() {
  local code=0 ended="" message=""
  wait -n -p ended ${sleep_pid:+"$sleep_pid"} ${backup_pid:+"$backup_pid"} ${wal_pid:+"$wal_pid"} || code=$?
  ended=${ended:-}
  if [ -n "$ended" ] && [ "$ended" = "$backup_pid" ]; then
    backup_pid=""
    if [ "$code" -ne 0 ]; then
      message="$(sed -n 's/^message=//p' "$status_file" 2>/dev/null | head -n 1)"
      log "${backup_script##*/} $(outcome "$code")${message:+: $message}"
    fi
  elif [ -n "$ended" ] && [ "$ended" = "$wal_pid" ]; then
    wal_pid=""
    [ "$code" -eq 0 ] || log "${wal_ship_script##*/} $(outcome "$code"); see its output above and $state_dir/last-wal"
  elif [ -n "$ended" ] && [ "$ended" = "$sleep_pid" ]; then
    sleep_pid=""
  elif [ "$code" -eq 127 ]; then
    # Nothing left to wait for (a run ended unseen): forget what no longer runs.
    if [ -n "$backup_pid" ] && ! kill -0 "$backup_pid" 2>/dev/null; then backup_pid=""; fi
    if [ -n "$wal_pid" ] && ! kill -0 "$wal_pid" 2>/dev/null; then wal_pid=""; fi
  fi
}

# infra-backup gets SIGTERM, as from systemd: it stops its restic with SIGINT and records `interrupted`.
# infra-wal-ship has no handler: its restic gets SIGINT (restic 0.14 and 0.17 alike remove their lock on
# it, not all on SIGTERM), then the shipper SIGTERM; the next run ships what this one did not.
stop() {
  stopping=$1
  log "$1: stopping; a running backup or WAL shipping is told to stop and records it"
  [ -z "$backup_pid" ] || kill -TERM "$backup_pid" 2>/dev/null || true
  if [ -n "$wal_pid" ]; then
    kill -INT -- "-$wal_pid" 2>/dev/null || true
    kill -TERM "$wal_pid" 2>/dev/null || true
  fi
}
trap 'stop SIGTERM' TERM
trap 'stop SIGINT' INT

mkdir -p "$state_dir"
looked=$(looked_until)
log "started: backups on \"15 3 * * *\" (UTC)${wal_ship_script:+, WAL shipped every $tick s}"

while [ -z "$stopping" ]; do
  if [ -z "$sleep_pid" ]; then
    if [ -n "$wal_ship_script" ] && [ -z "$wal_pid" ]; then
      start "$wal_ship_script"
      wal_pid=$!
    fi

    printf -v now '%(%s)T' -1
    minute=$((now - now % 60))
    if scheduled_between "$looked" "$minute"; then
      printf -v due '%(%Y-%m-%d %H:%M)T' "$minute"
      if ! printf '%s\n' "$minute" >"$stamp_file.new" || ! mv -f "$stamp_file.new" "$stamp_file"; then
        log "the backup due by $due UTC FAILED to start: $stamp_file cannot record it (is the volume full?)"
      elif [ -n "$backup_pid" ]; then
        log "the backup due by $due UTC is skipped: the previous one still runs"
      else
        log "starting the backup due by $due UTC"
        start "$backup_script"
        backup_pid=$!
      fi
    fi
    looked=$minute

    sleep "$tick" &
    sleep_pid=$!
  fi
  wait_for_something
done

# The stopped runs record how they ended, and what they ran (restic removing its lock, a dump) gets up
# to 10 s to end too; what is left then gets SIGTERM (docker stop waits 30 s before it kills).
[ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null
groups=(${backup_pid:+"$backup_pid"} ${wal_pid:+"$wal_pid"})
while [ -n "$backup_pid$wal_pid" ]; do
  sleep_pid=""
  wait_for_something
done
drained=$((SECONDS + 10))
for group in ${groups[@]+"${groups[@]}"}; do
  while kill -0 -- "-$group" 2>/dev/null && [ "$SECONDS" -lt "$drained" ]; do
    sleep 0.2
  done
  kill -TERM -- "-$group" 2>/dev/null || true
done
log "stopped"
