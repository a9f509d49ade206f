#!/usr/bin/env bash
# Ships the archived WAL of stack 'prod' (db) into its restic repository in
# object storage (encrypted, deduplicated). Rendered by infra from the stack settings. Run every
# 15 s by infra-wal-ship.timer (on the local engine by the backup-schedule container);
# safe to run by hand.
#
# PostgreSQL's archive_command copies each finished segment into the accessory's archive volume.
# Each run saves that folder as a snapshot tagged kind=wal,name=<accessory>,from=<oldest segment>
# once it holds anything new. A segment is removed from the volume only after a snapshot holding it
# was saved AND a newer base backup (confirmed saved by infra-backup, its end segment shipped) makes
# it unnecessary: every snapshot holds all WAL from the start of the newest such base backup, so a
# restore needs one base backup and one WAL snapshot. .backup and .history files are never removed.
#
# Loud: when a segment has waited 60 s (not archived by PostgreSQL, or archived but
# not shipped), the archive_command fails or shipping fails, it exits non-zero, records "WAL archiving behind by N segments / M MiB" in
# $BACKUP_STATE_DIR/last-wal and, unless a backup or restore is running, in last-status, so status
# and the backup heartbeat show it until a backup succeeds again. Every run also records each
# accessory's own state in $BACKUP_STATE_DIR/last-wal-<accessory> (`release status` shows it) and,
# where the proxy answers the backup-freshness check (beside BACKUP_SUCCESS_RECORD), in wal-archiving:
# the run's Unix time, ok or behind, and the message; the check fails while it says behind.
# The database commands are single-quoted on purpose: the accessory's shell expands their variables.
# common.sh also sets what only infra-backup and infra-restore use (SC2034).
# shellcheck disable=SC2016,SC2034
set -euo pipefail

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

# Stopped (systemd's stop, the local scheduler's), after the restic it waits for has ended: a restic
# stopped while it was still taking its lock leaves that lock behind, stale once its process is gone.
trap 'remove_stale_restic_locks; exit 143' TERM
wal_status_file="$state_dir/last-wal"
status_file="$state_dir/last-status"
# Archiving is behind when a segment has waited this long, unarchived or unshipped.
behind_after="${WAL_BEHIND_AFTER_SECONDS:-60}"
ship_lock="$state_dir/wal-ship.lock"
problems=()
pending_total=0
pending_bytes=0
behind=""
# One database's part, set by ship_database.
db_problems=()
db_pending=0
db_bytes=0
db_behind=""

# Sets admin (SQL on stdin, as the superuser) and archive_volume for a database whose WAL is archived.
wal_settings() {
  case "$1" in
    db)
      admin='PGPASSWORD="${POSTGRES_PASSWORD:-}" psql --host=127.0.0.1 --port=5432 --username=app --no-password --dbname=postgres --set=ON_ERROR_STOP=1 --quiet --no-align --tuples-only'
      archive_volume='db-wal'
      ;;
    *) return 1 ;;
  esac
}

is_segment() {
  [[ $1 =~ ^[0-9A-F]{24}$ ]]
}

# The segment file named on a "<what> WAL LOCATION: ... (file <segment>)" line of a .backup file.
backup_file_segment() {
  sed -n "s/^$2 WAL LOCATION: .* (file \([0-9A-F]\{24\}\))\$/\1/p" "$1"
}

# Removes shipped segments older than the start of the newest base backup that infra-backup saved
# and whose end segment is shipped: no restore can need them any more (they stay in the repository).
remove_unneeded_segments() {
  local name=$1 dir=$2 shipped=$3 confirmed="$state_dir/wal-bases-$1" newest="" last_shipped file label start stop segment removed=0
  [ -f "$confirmed" ] || return 0
  last_shipped="$(grep -E '^[0-9A-F]{24}$' <<<"$shipped" | tail -n1)"
  for file in "$dir"/*.backup; do
    [ -f "$file" ] || continue
    label="$(sed -n 's/^LABEL: //p' "$file")"
    grep -qxF -- "$label" "$confirmed" || continue
    start="$(backup_file_segment "$file" START)"
    stop="$(backup_file_segment "$file" STOP)"
    if [ -z "$start" ] || [ -z "$stop" ]; then continue; fi
    [[ $stop > $last_shipped ]] && continue
    [[ $start > $newest ]] && newest=$start
  done
  [ -n "$newest" ] || return 0
  while read -r segment; do
    if is_segment "$segment" && [[ $segment < $newest ]]; then
      rm -f "$dir/$segment"
      removed=$((removed + 1))
    fi
  done <<<"$shipped"
  [ "$removed" -eq 0 ] || echo "removed $removed shipped segment(s) of '$name' older than base backup start $newest"
}

ship_database() {
  local name=$1 admin archive_volume dir listing current from output status=0 unshipped stats ready ready_age segment_bytes archiver failed_wal
  wal_settings "$name"
  dir="$volumes_root/$docker_prefix$archive_volume/_data"
  listing="$state_dir/wal-shipped-$name"
  echo "== WAL of '$name'"
  if [ ! -d "$dir" ]; then
    db_problems+=("the WAL archive of '$name' has no folder at $dir")
    db_behind=1
    return
  fi
  current="$(find "$dir" -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | LC_ALL=C sort)"
  if [ -n "$current" ] && [ "$current" != "$(cat "$listing" 2>/dev/null || true)" ]; then
    from="$(grep -m1 -E '^[0-9A-F]{24}$' <<<"$current" || echo none)"
    # A prune or check of infra-backup holds the repository exclusively for a while: wait for it.
    output="$(cd "$dir/.." && restic_when_unlocked backup --quiet --tag "kind=wal,name=$name,from=$from" --exclude '.*.part' _data 2>&1)" || status=$?
    if [ "$status" -eq 0 ]; then
      write_listing "$listing" "$current"
      echo "shipped $(grep -cE '^[0-9A-F]{24}$' <<<"$current" || true) segment(s) of '$name' from $from"
      # One snapshot per starting segment is enough: each holds the ones before it. The forget locks the
      # repository exclusively, which would fail the restic of a backup running beside it (a timer, or the
      # local scheduler, starts both): it runs only under the host lock, so a backup that starts meanwhile
      # waits for it; while a backup or restore holds that lock, the forget is left to infra-backup.
      exec 8>>"$host_lock"
      if flock --exclusive --nonblock 8; then
        restic forget --quiet --group-by tags --keep-last 1 --tag "kind=wal,name=$name,from=$from" >/dev/null 2>&1 || true
        flock --unlock 8
      fi
      remove_unneeded_segments "$name" "$dir" "$current"
    else
      db_problems+=("shipping the WAL of '$name' failed (restic exit $status): $(first_error "$output")")
      db_behind=1
    fi
  fi

  # Archived but not shipped: how many, and since when (the oldest one's age in seconds).
  local now mtime oldest_unshipped=""
  now="$(date +%s)"
  unshipped=0
  while read -r mtime segment; do
    is_segment "$segment" || continue
    grep -qxF "$segment" "$listing" 2>/dev/null && continue
    unshipped=$((unshipped + 1))
    mtime=${mtime%.*}
    if [ -z "$oldest_unshipped" ] || [ "$mtime" -lt "$oldest_unshipped" ]; then oldest_unshipped=$mtime; fi
  done < <(find "$dir" -maxdepth 1 -type f -printf '%T@ %f\n')
  # Not archived yet: PostgreSQL's .ready files and the archiver's own record.
  if ! stats="$(printf '%s\n' "SELECT r.count || ' ' || r.age || ' ' || (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') || ' ' || CASE WHEN a.last_failed_time IS NOT NULL AND (a.last_archived_time IS NULL OR a.last_failed_time > a.last_archived_time) THEN 'failing' ELSE 'ok' END || ' ' || coalesce(a.last_failed_wal, '-') FROM pg_stat_archiver a, (SELECT count(*) AS count, coalesce(extract(epoch FROM now() - min(modification))::bigint, 0) AS age FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') r;" |
    in_accessory "$name" "$admin" 2>&1)"; then
    db_problems+=("could not read pg_stat_archiver of '$name': $(first_error "$stats")")
    db_behind=1
    return
  fi
  if ! [[ $stats =~ ^[0-9]+\ [0-9]+\ [0-9]+\ (ok|failing)\  ]]; then
    db_problems+=("could not read pg_stat_archiver of '$name': it answered '$(head -n1 <<<"$stats")'")
    db_behind=1
    return
  fi
  read -r ready ready_age segment_bytes archiver failed_wal <<<"$stats"
  db_pending=$((ready + unshipped))
  db_bytes=$(((ready + unshipped) * segment_bytes))
  if [ "$archiver" = failing ]; then
    db_problems+=("archive_command of '$name' is failing (last on $failed_wal); PostgreSQL keeps $ready segment(s) in pg_wal until it succeeds")
    db_behind=1
  fi
  if [ "$ready" -gt 0 ] && [ "$ready_age" -ge "$behind_after" ]; then
    db_problems+=("'$name' has had WAL waiting to be archived for $ready_age s")
    db_behind=1
  fi
  if [ -n "$oldest_unshipped" ] && [ $((now - oldest_unshipped)) -ge "$behind_after" ]; then
    db_problems+=("'$name' has had archived WAL waiting to be shipped for $((now - oldest_unshipped)) s")
    db_behind=1
  fi
}

mib_of() {
  awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'
}

# "WAL archiving behind by N segments / M MiB[: problem; problem]"
behind_message() {
  local segments=$1 bytes=$2 message
  shift 2
  message="WAL archiving behind by $segments segments / $(mib_of "$bytes") MiB"
  [ $# -eq 0 ] || message="$message: $(printf '%s; ' "$@")"
  echo "${message%; }"
}

# The accessory's own record of this run, which `release status` shows.
record_database() {
  local name=$1 file="$state_dir/last-wal-$1"
  if [ -n "$db_behind" ]; then
    write_record "$file" "result=behind" "pending_segments=$db_pending" "pending_mib=$(mib_of "$db_bytes")" \
      "message=$(behind_message "$db_pending" "$db_bytes" ${db_problems[@]+"${db_problems[@]}"})" || true
  else
    write_record "$file" "result=ok" "pending_segments=$db_pending" "pending_mib=$(mib_of "$db_bytes")" \
      "message=WAL shipped; $db_pending segment(s) waiting" || true
  fi
}

# For the proxy's backup-freshness answer, beside the backup's success record: this run's Unix time,
# ok or behind, and the message (one line each), replaced in one rename and readable by the proxy.
record_for_proxy() {
  local result=$1 message=$2 file tmp=""
  [ -n "${BACKUP_SUCCESS_RECORD:-}" ] || return 0
  file="$(dirname "$BACKUP_SUCCESS_RECORD")/wal-archiving"
  if ! tmp="$(mktemp "$file.XXXXXX")" || ! printf '%s\n' "$(date +%s)" "$result" "${message//$'\n'/ }" >"$tmp" ||
    ! chmod 0644 "$tmp" || ! mv -f "$tmp" "$file"; then
    [ -z "$tmp" ] || rm -f "$tmp"
    echo "warning: could not write $file; the backup-freshness check will alert" >&2
  fi
}

write_listing() {
  local file=$1 text=$2 tmp
  tmp="$(mktemp "$file.XXXXXX")"
  printf '%s\n' "$text" >"$tmp" && mv -f "$tmp" "$file"
}

load_repository_settings || { echo "WAL shipping FAILED: $settings_problem" >&2; exit 1; }
mkdir -p "$state_dir"
exec 6>>"$ship_lock"
flock --exclusive --nonblock 6 || { echo "another infra-wal-ship is running; it ships what this one would"; exit 0; }

wal_names=(db)
for name in "${wal_names[@]}"; do
  db_problems=() db_pending=0 db_bytes=0 db_behind=""
  ship_database "$name"
  record_database "$name"
  problems+=(${db_problems[@]+"${db_problems[@]}"})
  pending_total=$((pending_total + db_pending))
  pending_bytes=$((pending_bytes + db_bytes))
  [ -z "$db_behind" ] || behind=1
done

mib="$(mib_of "$pending_bytes")"
if [ -n "$behind" ]; then
  message="$(behind_message "$pending_total" "$pending_bytes" ${problems[@]+"${problems[@]}"})"
  echo "WAL shipping FAILED: $message" >&2
  write_record "$wal_status_file" "result=behind" "pending_segments=$pending_total" "pending_mib=$mib" "message=$message" || true
  record_for_proxy behind "$message"
  # A running backup or restore holds the host lock and owns last-status; it checks the WAL itself.
  exec 8>>"$host_lock"
  if flock --exclusive --nonblock 8; then
    write_record "$status_file" "result=failed" "message=$message" "pid=$$" || true
    flock --unlock 8
  fi
  exit 1
fi
record_for_proxy ok "WAL shipped; $pending_total segment(s) waiting"
write_record "$wal_status_file" "result=ok" "pending_segments=$pending_total" "pending_mib=$mib" "message=WAL shipped; $pending_total segment(s) waiting" || exit 1
