#!/usr/bin/env bash
# Backs up stack 'prod' into its restic repository in object storage (encrypted, deduplicated),
# then thins old snapshots by the retention policy. Rendered by infra from the stack settings:
# change those, not this file. Run by infra-backup.timer; safe to run by hand.
#
#   infra-backup         back up, check the repository when a check is due, forget and prune
#   infra-backup init    create the repository if there is none yet (once, when the stack is built)
#
# Fails loudly: exits non-zero, records the failure in $BACKUP_STATE_DIR/last-status, and neither
# forgets nor prunes anything when any part failed. Pings BACKUP_HEARTBEAT_URL only on success.
set -euo pipefail

# Where things are, read at run time so the same file runs on the server and in the tests:
#   BACKUP_ENV_FILE      the repository and its credentials: RESTIC_REPOSITORY, RESTIC_PASSWORD,
#                        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional BACKUP_HEARTBEAT_URL
#                        (default /etc/infra-backup/env, read when present)
#   BACKUP_ACCESSORIES   docker: run dumps and loads inside each accessory's container (docker exec);
#                        local:  run them here, against databases listening on 127.0.0.1  (default docker)
#   BACKUP_VOLUMES_ROOT  where Docker keeps named volumes  (default /mnt/data/docker/volumes)
#   BACKUP_STATE_DIR     the last-status file and the restic check marker  (default /var/lib/infra-backup)

env_file="${BACKUP_ENV_FILE:-/etc/infra-backup/env}"
accessories="${BACKUP_ACCESSORIES:-docker}"
volumes_root="${BACKUP_VOLUMES_ROOT:-/mnt/data/docker/volumes}"
state_dir="${BACKUP_STATE_DIR:-/var/lib/infra-backup}"
# The stack's containers and volumes are named <stack>-<name> (domain/Hosting/DockerNames.cs).
docker_prefix=prod-

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

status_file="$state_dir/last-status"
check_marker="$state_dir/last-check"
check_every_days=7

work="$(mktemp -d)"
failures=()
status_recorded=""

record_status() {
  local result=$1 message=$2
  mkdir -p "$state_dir"
  printf 'time=%s\nresult=%s\nmessage=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$result" "${message//$'\n'/ }" >"$status_file.tmp"
  mv "$status_file.tmp" "$status_file"
  status_recorded=1
}

fail() {
  echo "backup FAILED: $1" >&2
  record_status failed "$1"
  exit 1
}

on_exit() {
  local code=$?
  rm -rf "$work"
  if [ "$code" -ne 0 ] && [ -z "$status_recorded" ]; then
    record_status failed "backup stopped unexpectedly (exit $code); see its log"
  fi
}
trap on_exit EXIT

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
  local fifo="$work/$name.sql" errors="$work/$name.err"
  local dump_status=0 restic_status=0 restic_was_running=""
  echo "== database '$name'"
  mkfifo "$fifo"
  restic backup --stdin --stdin-filename "$name.sql" --tag "kind=database,name=$name" <"$fifo" &
  local restic_pid=$!
  exec 3>"$fifo"
  in_accessory "$name" "$dump" >&3 2>"$errors" || dump_status=$?
  if [ "$dump_status" -ne 0 ] && kill -0 "$restic_pid" 2>/dev/null; then
    restic_was_running=1
    interrupt_restic "$restic_pid"
  fi
  exec 3>&-
  wait "$restic_pid" || restic_status=$?
  cat "$errors" >&2
  if [ -n "$restic_was_running" ]; then
    failures+=("dump of database '$name' failed (exit $dump_status): $(first_error "$(cat "$errors")")")
  elif [ "$restic_status" -ne 0 ] || [ "$dump_status" -ne 0 ]; then
    failures+=("restic could not save the dump of database '$name' (restic exit $restic_status, dump exit $dump_status)")
  fi
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
  (cd "$dir" && restic backup --tag "kind=volume,name=$name" _data) ||
    failures+=("restic could not back up volume '$name' (exit $?)")
}

# A full read of the repository's structure; due when the marker is missing or older than the interval.
check_if_due() {
  if [ -f "$check_marker" ] && [ -z "$(find "$check_marker" -mtime +$((check_every_days - 1)))" ]; then
    return
  fi
  echo "== restic check (last one is missing or older than $check_every_days days)"
  restic check || fail "restic check found a problem in the repository; nothing was forgotten or pruned"
  mkdir -p "$state_dir"
  touch "$check_marker"
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

if ! problem="$(restic cat config 2>&1 >/dev/null)"; then
  fail "cannot open the restic repository at $RESTIC_REPOSITORY: $(first_error "$problem")"
fi

backup_database db 'PGPASSWORD="${POSTGRES_PASSWORD:-}" pg_dump --host=127.0.0.1 --port=5432 --username=app --no-password --clean --if-exists --no-owner app'
backup_database shop 'MYSQL_PWD="${MARIADB_ROOT_PASSWORD:-}" mariadb-dump --host=127.0.0.1 --port=3306 --user=root --single-transaction --routines --events --triggers --databases shop'
backup_database crm 'MYSQL_PWD="${MYSQL_ROOT_PASSWORD:-}" mysqldump --host=127.0.0.1 --port=3307 --user=root --single-transaction --routines --events --triggers --all-databases'
backup_volume web-uploads
backup_volume grafana-data

if [ ${#failures[@]} -gt 0 ]; then
  summary="$(printf '%s; ' "${failures[@]}")"
  fail "${summary%; } (nothing was forgotten or pruned)"
fi

check_if_due

echo "== forget and prune by the retention policy"
restic forget --prune --group-by tags --keep-daily 7 --keep-weekly 4 --keep-monthly 12 \
  --tag kind=database,name=db \
  --tag kind=database,name=shop \
  --tag kind=database,name=crm \
  --tag kind=volume,name=web-uploads \
  --tag kind=volume,name=grafana-data ||
  fail "restic forget --prune failed; the new snapshots were saved"

record_status ok "backed up databases db, shop, crm and volumes web-uploads, grafana-data"
echo "backup of stack 'prod' succeeded: backed up databases db, shop, crm and volumes web-uploads, grafana-data"
heartbeat
