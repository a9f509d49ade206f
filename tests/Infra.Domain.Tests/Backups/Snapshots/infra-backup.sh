#!/usr/bin/env bash
# Backs up stack 'prod' into its restic repository in object storage (encrypted, deduplicated),
# then thins old snapshots by the retention policy. Rendered by infra from the stack settings:
# change those, not this file. Run by infra-backup.timer (on the local engine by the backup-schedule
# container); safe to run by hand.
#
#   infra-backup         back up, check the repository when a check is due, forget and prune
#   infra-backup init    create the repository if there is none yet (once, when the stack is built)
#
# Fails loudly: exits non-zero, records the failure in $BACKUP_STATE_DIR/last-status, and neither
# forgets nor prunes anything when any part failed. Pings BACKUP_HEARTBEAT_URL only on success.
# last-status says `running` from the moment a run starts, `interrupted` when it is stopped (SIGTERM,
# SIGINT, SIGHUP: systemctl stop, the unit's timeout, a closed terminal), and a run killed outright
# leaves `running` with its pid: never the previous run's `ok`. One run at a time per host (flock).
# A successful run also records its size: size_bytes (what it read and saved) and added_bytes
# (what was new to the repository), summed over its snapshots.
# The dump commands are single-quoted on purpose: the accessory's shell expands their variables.
# shellcheck disable=SC2016
set -euo pipefail
# Times in labels, restic --time and records are UTC, whatever the host says.
export TZ=UTC

# Where things are, read at run time so the same file runs on the server and in the tests:
#   BACKUP_ENV_FILE      the repository and its credentials: RESTIC_REPOSITORY, RESTIC_PASSWORD,
#                        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional BACKUP_HEARTBEAT_URL and
#                        BACKUP_SUCCESS_RECORD (the file the proxy answers the backup-freshness check from)
#                        (default /etc/infra-backup/env, read when present)
#   BACKUP_ACCESSORIES   docker: run dumps and loads inside each accessory's container (docker exec);
#                        local:  run them here, against databases listening on 127.0.0.1  (default docker)
#   BACKUP_VOLUMES_ROOT  where Docker keeps named volumes  (default /mnt/data/docker/volumes)
#   BACKUP_STATE_DIR     last-status, last-restore, the restic check marker, the host lock and a
#                        pending restore's journal  (default /var/lib/infra-backup)
#   BACKUP_LOCK_WAIT_SECONDS  how long a run waits for another backup or restore on this host
#                        to finish before it fails  (default 900)
#   RESTIC_LOCK_WAIT_SECONDS  how long a run retries while the repository is locked by a live
#                        restic elsewhere (stale locks are removed at once)  (default 300)

env_file="${BACKUP_ENV_FILE:-/etc/infra-backup/env}"
accessories="${BACKUP_ACCESSORIES:-docker}"
volumes_root="${BACKUP_VOLUMES_ROOT:-/mnt/data/docker/volumes}"
state_dir="${BACKUP_STATE_DIR:-/var/lib/infra-backup}"
lock_wait_seconds="${BACKUP_LOCK_WAIT_SECONDS:-900}"
restic_lock_wait_seconds="${RESTIC_LOCK_WAIT_SECONDS:-300}"
host_lock="$state_dir/lock"
# What a MySQL/MariaDB or volume restore is in the middle of; while it exists the data may be a mix.
restore_journal="$state_dir/restore-journal"
# fd 7 is the run's own stderr: a signal can end the run inside a function whose stderr goes to a
# file, and what the exit trap says must still reach the journal.
exec 7>&2
# The stack's containers and volumes are named <stack>-<name> (domain/Hosting/DockerNames.cs).
docker_prefix=prod_

# Reads the environment file; fails, saying why in $settings_problem, when the repository still lacks
# something (restic would otherwise ask for it on a terminal).
settings_problem=""
load_repository_settings() {
  if [ -f "$env_file" ]; then
    set -a
    # shellcheck source=/dev/null
    . "$env_file"
    set +a
  elif [ -n "${BACKUP_ENV_FILE:-}" ]; then
    settings_problem="BACKUP_ENV_FILE=$BACKUP_ENV_FILE does not exist"
    return 1
  fi
  local missing=()
  [ -n "${RESTIC_REPOSITORY:-}" ] || missing+=(RESTIC_REPOSITORY)
  [ -n "${RESTIC_PASSWORD:-}${RESTIC_PASSWORD_FILE:-}" ] || missing+=(RESTIC_PASSWORD)
  if [ ${#missing[@]} -gt 0 ]; then
    settings_problem="${missing[*]} not set; put them in $env_file"
    return 1
  fi
}

# Runs a shell command where an accessory's database tools and password variables are.
in_accessory() {
  local container=$1 command=$2
  case "$accessories" in
    docker) docker exec -i "$docker_prefix$container" sh -c "$command" ;;
    local) sh -c "$command" ;;
    *) echo "BACKUP_ACCESSORIES must be 'docker' or 'local', not '$accessories'" >&2; return 2 ;;
  esac
}

# The first line of restic's error that says what went wrong.
first_error() {
  grep -m1 -E 'Fatal|error|Error' <<<"$1" || head -n1 <<<"$1"
}

# One backup or restore at a time on this host: a second run waits for the first, at most
# $lock_wait_seconds, then fails naming the lock. The lock is a file descriptor held until exit,
# so a killed run can never leave it held.
lock_problem=""
take_host_lock() {
  mkdir -p "$state_dir"
  exec 9>>"$host_lock"
  if ! flock --exclusive --wait "$lock_wait_seconds" 9; then
    lock_problem="another backup or restore held $host_lock for $lock_wait_seconds s (BACKUP_LOCK_WAIT_SECONDS); gave up waiting, nothing was changed"
    return 1
  fi
}

# True while a status file still says this run is running: it has recorded no outcome yet (a
# failure recorded inside a command substitution is seen here too).
still_running() {
  [ -f "$1" ] && grep -qx "result=running" "$1" && grep -qx "pid=$$" "$1"
}

# Replaces a status file in one rename, so a reader sees the old record or the new one, never half
# of one, and two runs never share a temporary file. Arguments: file, then key=value lines.
write_record() {
  local file=$1 tmp
  shift
  mkdir -p "$(dirname "$file")"
  tmp="$(mktemp "$file.XXXXXX")" || return 1
  if printf '%s\n' "time=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${@//$'\n'/ }" >"$tmp" && mv -f "$tmp" "$file"; then
    return 0
  fi
  rm -f "$tmp"
  echo "could not write $file (is its file system full?)" >&2
  return 1
}

# Locks of restic runs that were killed (SIGKILL, a lost server, a unit timeout) stay in the
# repository and would block every later forget, prune and check. `restic unlock` removes only
# stale locks: those of processes that no longer run on this host, or older than 30 minutes.
remove_stale_restic_locks() {
  local before after
  before="$(restic list locks --no-lock 2>/dev/null | wc -l)" || before=0
  [ "$before" -gt 0 ] || return 0
  restic unlock >/dev/null 2>&1 || true
  after="$(restic list locks --no-lock 2>/dev/null | wc -l)" || after=0
  if [ "$after" -lt "$before" ]; then
    echo "removed $((before - after)) stale restic lock(s) left by an interrupted run" >&2
  fi
}

# Runs a restic command that needs the repository's lock. Stale locks are removed first; a live lock
# (another restic at work) is waited for, at most $restic_lock_wait_seconds, then the command fails
# naming the lock. restic's output (errors included) is printed when it ends.
restic_when_unlocked() {
  local deadline=$((SECONDS + restic_lock_wait_seconds)) output status
  while true; do
    remove_stale_restic_locks
    status=0
    output="$(restic "$@" 2>&1)" || status=$?
    printf '%s\n' "$output"
    if [ "$status" -eq 0 ] || ! grep -q 'repository is already locked' <<<"$output"; then
      return "$status"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "the restic repository stayed locked by a live run for $restic_lock_wait_seconds s (RESTIC_LOCK_WAIT_SECONDS): $(first_error "$output")" >&2
      return "$status"
    fi
    sleep 5
  done
}

status_file="$state_dir/last-status"
check_marker="$state_dir/last-check"
check_every_days=7

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
  backup_stream "$name" "${command//INFRA_BASE_LABEL/$label}" "$name.base.tar" "kind=base,name=$name" "base backup of '$name'" --time "$stamp"
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
  output="$("$(dirname "$0")/infra-wal-ship" 2>&1)" || status=$?
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

backup_database db 'PGPASSWORD="${POSTGRES_PASSWORD:-}" pg_dump --host=127.0.0.1 --port=5432 --username=app --no-password --clean --if-exists --no-owner app'
backup_base db 'PGPASSWORD="${POSTGRES_PASSWORD:-}" pg_basebackup --host=127.0.0.1 --port=5432 --username=app --no-password --pgdata=- --format=tar --wal-method=fetch --checkpoint=fast --label=INFRA_BASE_LABEL'
backup_database shop 'MYSQL_PWD="${MARIADB_ROOT_PASSWORD:-}" mariadb-dump --host=127.0.0.1 --port=3306 --user=root --single-transaction --routines --events --triggers --databases shop'
backup_database crm 'MYSQL_PWD="${MYSQL_ROOT_PASSWORD:-}" mysqldump --host=127.0.0.1 --port=3307 --user=root --single-transaction --routines --events --triggers --all-databases'
backup_volume web-uploads
backup_volume grafana-data
ship_wal

if [ ${#failures[@]} -gt 0 ]; then
  summary="$(printf '%s; ' "${failures[@]}")"
  fail "${summary%; } (nothing was forgotten or pruned)"
fi

check_if_due

forget_wal db db-wal
echo "== forget and prune by the retention policy"
restic_when_unlocked forget --prune --group-by tags --keep-daily 7 --keep-weekly 4 --keep-monthly 12 \
  --tag kind=database,name=db \
  --tag kind=base,name=db \
  --tag kind=database,name=shop \
  --tag kind=database,name=crm \
  --tag kind=volume,name=web-uploads \
  --tag kind=volume,name=grafana-data ||
  fail "restic forget --prune failed; the new snapshots were saved"

record_status ok "backed up databases db, shop, crm and volumes web-uploads, grafana-data" "size_bytes=$size_bytes" "added_bytes=$added_bytes" || { echo "backup FAILED: the snapshots were saved but $status_file could not say so" >&2; exit 1; }
echo "backup of stack 'prod' succeeded: backed up databases db, shop, crm and volumes web-uploads, grafana-data ($size_bytes bytes, $added_bytes new to the repository)"
record_success
heartbeat
