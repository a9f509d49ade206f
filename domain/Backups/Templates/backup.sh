#!/usr/bin/env bash
# Backs up stack '{{stack}}' into its restic repository in object storage (encrypted, deduplicated),
# then thins old snapshots by the retention policy. Rendered by infra from the stack settings:
# change those, not this file. Run by infra-backup.timer (on the local engine by the backup-schedule
# container); safe to run by hand.
#
#   infra-backup         back up, check the repository when a check is due, forget and prune
#   infra-backup init    create the repository if there is none yet (once, when the stack is built)
#
# Fails loudly: exits non-zero, records the failure in $BACKUP_STATE_DIR/{{statusFileName}}, and neither
# forgets nor prunes anything when any part failed. Pings BACKUP_HEARTBEAT_URL only on success.
# {{statusFileName}} says `running` from the moment a run starts, `interrupted` when it is stopped (SIGTERM,
# SIGINT, SIGHUP: systemctl stop, the unit's timeout, a closed terminal), and a run killed outright
# leaves `running` with its pid: never the previous run's `ok`. One run at a time per host (flock).
# A successful run also records its size: {{sizeBytesKey}} (what it read and saved) and {{addedBytesKey}}
# (what was new to the repository), summed over its snapshots.
# The dump commands are single-quoted on purpose: the accessory's shell expands their variables.
# shellcheck disable=SC2016
set -euo pipefail
# Times in labels, restic --time and records are UTC, whatever the host says.
export TZ=UTC

{{common}}
status_file="$state_dir/{{statusFileName}}"
check_marker="$state_dir/last-check"
check_every_days={{checkEveryDays}}

work="$(mktemp -d)"
failures=()
stopped_by=""

# Arguments: result, message, then more key=value lines (the sizes of a successful run).
record_status() {
  local result=$1 message=$2
  shift 2
  write_record "$status_file" "result=$result" "message=$message" "pid=$$" "$@"
}

fail() {
  echo "backup FAILED: $1" >&2
  record_status failed "$1" || true
  exit 1
}

on_exit() {
  local code=$?
  exec 2>&7
  rm -rf "$work"
  if [ -n "$stopped_by" ]; then
    echo "backup INTERRUPTED by $stopped_by; snapshots already saved are complete, nothing was forgotten or pruned after it" >&7
    record_status interrupted "backup interrupted by $stopped_by; the next run starts over" || true
  elif [ "$code" -ne 0 ] && still_running "$status_file"; then
    record_status failed "backup stopped unexpectedly (exit $code); see its log" || true
  fi
}
trap on_exit EXIT
# A signal ends the run at once; on_exit records it. Children in the same process group (restic, the
# dump) get the signal too from systemd or a terminal; restic started in the background is stopped
# here as well, with SIGINT, so it removes its lock.
on_signal() {
  stopped_by=$1
  if [ -n "${restic_pid:-}" ]; then
    interrupt_restic "$restic_pid"
    # A restic stopped while it was still taking its lock leaves that lock behind (seen under load);
    # its process is gone now, so the lock is stale and removed here rather than by the next run.
    remove_stale_restic_locks
  fi
  exit 143
}
trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGINT' INT
trap 'on_signal SIGHUP' HUP

# The run's size, summed over its snapshots from restic's summary: `backup --json --quiet` prints
# that one JSON line and nothing else on stdout (restic 0.14 and 0.17 alike).
size_bytes=0
added_bytes=0
count_size() {
  local summary=$1 processed added
  processed="$(grep -o '"total_bytes_processed":[0-9]*' "$summary" | cut -d: -f2)"
  added="$(grep -o '"data_added":[0-9]*' "$summary" | cut -d: -f2)"
  if [ -z "$processed" ] || [ -z "$added" ]; then
    echo "warning: restic printed no summary, so the run's size leaves this snapshot out" >&2
    return 0
  fi
  size_bytes=$((size_bytes + processed))
  added_bytes=$((added_bytes + added))
  echo "saved snapshot $(grep -o '"snapshot_id":"[0-9a-f]*"' "$summary" | cut -d'"' -f4): $processed bytes, $added new to the repository"
}

# SIGINT lets restic exit without saving a snapshot and remove its lock. It is repeated because a
# background job starts with SIGINT ignored until restic has installed its own handler.
interrupt_restic() {
  local pid=$1 tries=0
  while kill -INT "$pid" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
      kill -KILL "$pid" 2>/dev/null || true
      return
    fi
    sleep 0.1
  done
}

# Streams a dump into restic. Debian's restic (0.14) has no --stdin-from-command, and a plain pipe
# would let restic save a snapshot of a dump that failed halfway. So the dump writes into a fifo
# whose write end this shell holds open: restic cannot reach the end of its input, and so cannot
# save anything, until the dump has succeeded. When it fails, restic is interrupted instead.
backup_database() {
  local name=$1 dump=$2
  echo "== database '$name'"
  backup_stream "$name" "$dump" "$name.sql" "kind=database,name=$name" "dump of database '$name'"
}

# A base backup (pg_basebackup's tar, taken inside the container) for point-in-time recovery; its
# label, infra-base-<name>-<time>, names its .backup file in the WAL archive and matches the
# snapshot's time. Once saved, the label is confirmed for infra-wal-ship, which may then remove
# the WAL before it from the archive volume (it is in the repository).
backup_base() {
  local name=$1 command=$2 stamp label
  stamp="$(date -u '+%Y-%m-%d %H:%M:%S')"
  label="infra-base-$name-$(date -u -d "$stamp" +%Y%m%dT%H%M%SZ)"
  echo "== base backup of '$name' ($label)"
  local failures_before=${#failures[@]}
  backup_stream "$name" "${command//{{baseLabelPlaceholder}}/$label}" "$name.base.tar" "kind=base,name=$name" "base backup of '$name'" --time "$stamp"
  if [ ${#failures[@]} -eq "$failures_before" ]; then
    printf '%s\n' "$label" >>"$state_dir/wal-bases-$name" ||
      failures+=("the base backup of '$name' was saved but $state_dir/wal-bases-$name could not record it")
  fi
}

# Streams what a command prints in its accessory into one restic snapshot of one file.
backup_stream() {
  local name=$1 dump=$2 file=$3 tags=$4 what=$5
  shift 5
  local fifo="$work/$file" errors="$work/$file.err"
  local dump_status=0 restic_status=0 restic_was_running=""
  mkfifo "$fifo"
  restic backup --json --quiet --stdin --stdin-filename "$file" --tag "$tags" "$@" <"$fifo" >"$work/$file.summary" &
  restic_pid=$!
  exec 3>"$fifo"
  in_accessory "$name" "$dump" >&3 2>"$errors" || dump_status=$?
  if [ "$dump_status" -ne 0 ] && kill -0 "$restic_pid" 2>/dev/null; then
    restic_was_running=1
    interrupt_restic "$restic_pid"
  fi
  exec 3>&-
  wait "$restic_pid" || restic_status=$?
  restic_pid=""
  cat "$errors" >&2
  if [ -n "$restic_was_running" ]; then
    failures+=("$what failed (exit $dump_status): $(first_error "$(cat "$errors")")")
  elif [ "$restic_status" -ne 0 ] || [ "$dump_status" -ne 0 ]; then
    failures+=("restic could not save the $what (restic exit $restic_status, dump exit $dump_status)")
  else
    count_size "$work/$file.summary"
  fi
}

# Ships the WAL now (the base backups' end segments with it) and fails the backup, so its status and
# heartbeat say so, when archiving is behind.
ship_wal() {
  local output status=0
  echo "== WAL shipping"
  output="$("$(dirname "$0")/{{walShipScriptName}}" 2>&1)" || status=$?
  printf '%s\n' "$output"
  [ "$status" -eq 0 ] || failures+=("$(grep -m1 -o 'WAL archiving behind.*' <<<"$output" || echo "infra-wal-ship failed (exit $status)")")
}

# Backed up from inside the volume's folder, so the snapshot holds _data itself, with its owner and
# mode, and a restore can put it anywhere.
backup_volume() {
  local name=$1
  local dir="$volumes_root/$docker_prefix$name"
  echo "== volume '$name'"
  if [ ! -d "$dir/_data" ]; then
    failures+=("volume '$name' has no data folder at $dir/_data")
    return
  fi
  if (cd "$dir" && restic backup --json --quiet --tag "kind=volume,name=$name" _data) >"$work/volume-$name.summary"; then
    count_size "$work/volume-$name.summary"
  else
    failures+=("restic could not back up volume '$name' (exit $?)")
  fi
}

# Thins a database's shipped WAL to what its kept base backups need: one snapshot per starting
# segment (each holds the segments before it), and none starting before the last one that starts at or
# before the oldest kept base backup. Kept whole when that base backup's .backup file is not in the
# archive volume (a rebuilt server): keeping too much is safe, too little is not.
forget_wal() {
  local name=$1 archive_volume=$2 dir json oldest label file start keep_from="" from id forget=()
  dir="$volumes_root/$docker_prefix$archive_volume/_data"
  restic_when_unlocked forget --quiet --group-by tags --keep-last 1 --tag "kind=wal,name=$name" >/dev/null ||
    fail "thinning the shipped WAL of '$name' failed; the new snapshots were saved"
  json="$(restic snapshots --no-lock --json --tag "kind=base,name=$name")" || fail "cannot list the base backups of '$name'"
  oldest="$(grep -o '"time":"[^"]*"' <<<"$json" | cut -d'"' -f4 | LC_ALL=C sort | head -n1)"
  [ -n "$oldest" ] || return 0
  label="infra-base-$name-$(date -u -d "$oldest" +%Y%m%dT%H%M%SZ)"
  file="$(grep -lx "LABEL: $label" "$dir"/*.backup 2>/dev/null | head -n1 || true)"
  if [ -z "$file" ]; then
    echo "keeping all shipped WAL of '$name': the start of its oldest base backup ($label) is not in $dir"
    return 0
  fi
  start="$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]\{24\}\))$/\1/p' "$file")"
  json="$(restic snapshots --no-lock --json --tag "kind=wal,name=$name")" || fail "cannot list the shipped WAL of '$name'"
  while read -r from id; do
    [[ $from > $start ]] || { [[ $from > $keep_from ]] && keep_from=$from; }
  done < <(wal_snapshots <<<"$json")
  while read -r from id; do
    [[ $from < $keep_from ]] && forget+=("$id")
  done < <(wal_snapshots <<<"$json")
  if [ ${#forget[@]} -gt 0 ]; then
    echo "forgetting ${#forget[@]} WAL snapshot(s) of '$name' from before its oldest kept base backup"
    restic_when_unlocked forget --quiet "${forget[@]}" >/dev/null || fail "forgetting the WAL of '$name' from before its oldest base backup failed"
  fi
}

# "from id" per WAL snapshot in restic's JSON list (tags come before the id in each snapshot).
wal_snapshots() {
  grep -o '"from=[0-9A-Za-z]*"\|"id":"[0-9a-f]*"' | tr -d '"' | awk '/^from=/ { from = substr($0, 6) } /^id:/ { print from, substr($0, 4) }'
}

# A full read of the repository's structure; due when the marker is missing or older than the interval.
check_if_due() {
  if [ -f "$check_marker" ] && [ -z "$(find "$check_marker" -mtime +$((check_every_days - 1)))" ]; then
    return
  fi
  echo "== restic check (last one is missing or older than $check_every_days days)"
  restic_when_unlocked check || fail "restic check found a problem in the repository, or could not lock it; nothing was forgotten or pruned"
  mkdir -p "$state_dir"
  touch "$check_marker"
}

# The time of this success, for the proxy's backup-freshness answer (infra:monitoring): written
# beside it and renamed, readable by the proxy, only after a fully successful run.
record_success() {
  [ -n "${BACKUP_SUCCESS_RECORD:-}" ] || return 0
  local tmp
  if ! tmp="$(mktemp "$BACKUP_SUCCESS_RECORD.XXXXXX")" || ! date +%s >"$tmp" || ! chmod 0644 "$tmp" || ! mv -f "$tmp" "$BACKUP_SUCCESS_RECORD"; then
    rm -f "${tmp:-}"
    echo "warning: the backup succeeded but $BACKUP_SUCCESS_RECORD could not record it; the backup-freshness check will alert" >&2
  fi
}

heartbeat() {
  if [ -n "${BACKUP_HEARTBEAT_URL:-}" ]; then
    curl -fsS --max-time 10 --retry 3 -o /dev/null "$BACKUP_HEARTBEAT_URL" ||
      echo "warning: the backup succeeded but the heartbeat URL did not answer" >&2
  fi
}

load_repository_settings || fail "$settings_problem"

if [ "${1:-}" = init ]; then
  if restic cat config >/dev/null 2>&1; then
    echo "the restic repository at $RESTIC_REPOSITORY already exists"
  else
    restic init
  fi
  exit 0
fi

take_host_lock || fail "$lock_problem"
# A run that cannot say it is running could not say how it ended either: it does not start.
record_status running "backup started" || { echo "backup FAILED: cannot record its status in $status_file; nothing was backed up" >&2; exit 1; }

# A restore killed outright leaves its journal and data that may be half old, half new; a snapshot of
# that would keep the mix. infra-restore undoes it first thing, whatever its command.
if [ -f "$restore_journal" ]; then
  fail "a restore was interrupted and is not undone yet ($restore_journal); run \`infra-restore list\`, which undoes it, then back up again; nothing was backed up"
fi

# A stale exclusive lock (a killed prune or check) would refuse everything else, even reading.
remove_stale_restic_locks
if ! problem="$(restic cat config 2>&1 >/dev/null)"; then
  fail "cannot open the restic repository at $RESTIC_REPOSITORY: $(first_error "$problem")"
fi

{{backups}}

if [ ${#failures[@]} -gt 0 ]; then
  summary="$(printf '%s; ' "${failures[@]}")"
  fail "${summary%; } (nothing was forgotten or pruned)"
fi

check_if_due

{{forget}}

record_status ok "{{summary}}" "{{sizeBytesKey}}=$size_bytes" "{{addedBytesKey}}=$added_bytes" || { echo "backup FAILED: the snapshots were saved but $status_file could not say so" >&2; exit 1; }
echo "backup of stack '{{stack}}' succeeded: {{summary}} ($size_bytes bytes, $added_bytes new to the repository)"
record_success
heartbeat
