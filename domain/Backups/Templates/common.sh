# Where things are, read at run time so the same file runs on the server and in the tests:
#   BACKUP_ENV_FILE      the repository and its credentials: RESTIC_REPOSITORY, RESTIC_PASSWORD,
#                        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional BACKUP_HEARTBEAT_URL and
#                        BACKUP_SUCCESS_RECORD (the file the proxy answers the backup-freshness check from)
#                        (default {{envFile}}, read when present)
#   BACKUP_ACCESSORIES   docker: run dumps and loads inside each accessory's container (docker exec);
#                        local:  run them here, against databases listening on 127.0.0.1  (default docker)
#   BACKUP_VOLUMES_ROOT  where Docker keeps named volumes  (default {{volumesRoot}})
#   BACKUP_STATE_DIR     {{statusFileName}}, last-restore, the restic check marker, the host lock and a
#                        pending restore's journal  (default {{stateDirectory}})
#   BACKUP_LOCK_WAIT_SECONDS  how long a run waits for another backup or restore on this host
#                        to finish before it fails  (default {{lockWaitSeconds}})
#   RESTIC_LOCK_WAIT_SECONDS  how long a run retries while the repository is locked by a live
#                        restic elsewhere (stale locks are removed at once)  (default {{resticLockWaitSeconds}})

env_file="${BACKUP_ENV_FILE:-{{envFile}}}"
accessories="${BACKUP_ACCESSORIES:-docker}"
volumes_root="${BACKUP_VOLUMES_ROOT:-{{volumesRoot}}}"
state_dir="${BACKUP_STATE_DIR:-{{stateDirectory}}}"
lock_wait_seconds="${BACKUP_LOCK_WAIT_SECONDS:-{{lockWaitSeconds}}}"
restic_lock_wait_seconds="${RESTIC_LOCK_WAIT_SECONDS:-{{resticLockWaitSeconds}}}"
host_lock="$state_dir/lock"
# What a MySQL/MariaDB or volume restore is in the middle of; while it exists the data may be a mix.
restore_journal="$state_dir/restore-journal"
# fd 7 is the run's own stderr: a signal can end the run inside a function whose stderr goes to a
# file, and what the exit trap says must still reach the journal.
exec 7>&2
# The stack's containers and volumes are named <stack>-<name> (domain/Hosting/DockerNames.cs).
docker_prefix={{dockerPrefix}}

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
