#!/usr/bin/env bash
# Restores stack '{{stack}}' from its restic repository. Rendered by infra from the stack settings.
# Needs only restic, the repository's credentials and, for a database, its accessory running: it
# works on a freshly built server as well as on the one that made the backup.
#
# A restore leaves the old data or the new, never a mix: nothing live is touched until the whole
# snapshot has arrived and checked out, the swap is one transaction (PostgreSQL) or journaled
# (MySQL/MariaDB, volumes), and a restore that is stopped or fails puts the old data back. One that
# was killed outright is undone by the next run of this script, whatever its command. The outcome is
# recorded in $BACKUP_STATE_DIR/last-restore.
# The database commands are single-quoted on purpose: the accessory's shell expands their variables.
# shellcheck disable=SC2016
set -euo pipefail

usage() {
  cat <<'EOF'
usage: infra-restore list [--json]
       infra-restore database <accessory> [latest|<snapshot-id>] [<into-database>]
       infra-restore database <accessory> --to <RFC 3339 time>|latest [<into-database> | --in-place]
       infra-restore volume <service>-<volume> [latest|<snapshot-id>] [<target-dir>]
       infra-restore records <record>...

database  loads the dump into the running accessory, replacing the tables it contains. PostgreSQL
          loads in one transaction that commits only once the whole dump has arrived: a failed or
          interrupted restore changes nothing; it waits at most {{lockTimeout}} for a lock an application
          holds. MySQL/MariaDB: the dump is staged and checked in full first, the live database is
          dumped aside (kept in $BACKUP_RESTORE_DIR), and put back if the load fails or is stopped.
          With <into-database> (PostgreSQL only) it creates that database and loads the dump there
          instead, leaving the live one alone, e.g. to compare a restored copy with the original.
--to      PostgreSQL point-in-time recovery from a base backup and the shipped WAL, to the last
          transaction committed at or before the time (recovery_target_inclusive), or to the end of
          the shipped WAL with 'latest'. A scratch server recovers it while the accessory serves on;
          with <into-database> its database is then copied into that new database of the running
          accessory (drills); with --in-place the accessory is then stopped, its data folder moved
          aside (kept, not deleted), the recovered one moved in, and it is started again. A time
          before the end of the oldest base backup is refused, naming the oldest time it can reach;
          one at or after the last transaction shipped is refused, naming that transaction's time,
          which only 'latest' recovers to.
volume    restores into a staging folder beside the target, verified, and swaps it in only once it
          is complete; the data it replaces is moved aside, not deleted. The target defaults to
          the volume's own folder; restart the containers that mount it afterwards.
records   prints each named record of the state folder after a line "{{recordHeader}} <record>" (that line
          alone while there is none yet); reads only. `release status` reads them this way.

databases: {{databaseNames}}
volumes:   {{volumeNames}}
records:   {{recordNames}}
EOF
}

{{common}}
# Reads only: no lock, no repository, and it ends before the exit trap is set, so it never touches
# a backup or restore at work (the records are replaced in one rename; a reader sees whole ones).
print_records() {
  local name
  for name in "$@"; do
    case "$name" in
      {{recordCases}}) ;;
      *) echo "'$name' is not a record of this backup ({{recordNames}})" >&2; exit 2 ;;
    esac
  done
  for name in "$@"; do
    printf '%s %s\n' '{{recordHeader}}' "$name"
    [ ! -e "$state_dir/$name" ] || cat -- "$state_dir/$name"
  done
}
if [ "${1:-}" = records ]; then
  shift
  print_records "$@"
  exit 0
fi

# Staged dumps and the live data a MySQL/MariaDB restore keeps aside.
restore_dir="${BACKUP_RESTORE_DIR:-$state_dir/restore}"
journal="$restore_journal"
record_file="$state_dir/last-restore"
# PostgreSQL waits, overridable for a large database or a busy one.
pg_lock_timeout="${RESTORE_LOCK_TIMEOUT:-{{lockTimeout}}}"
pg_statement_timeout="${RESTORE_STATEMENT_TIMEOUT:-{{statementTimeout}}}"
pg_stall_timeout="${RESTORE_STALL_TIMEOUT:-{{stallTimeout}}}"
# How long a point-in-time recovery may take to replay its WAL.
pitr_timeout="${PITR_TIMEOUT_SECONDS:-{{pitrTimeoutSeconds}}}"
scratch_volume=""
image=""

staging=""
operation=""
stopped_by=""
applied=""
postgres_accessory=""

record_restore() {
  local result=$1 message=$2
  write_record "$record_file" "result=$result" "operation=$operation" "message=$message" "pid=$$" || true
}

die() {
  echo "restore FAILED: $1" >&2
  [ -z "$operation" ] || record_restore failed "$1"
  exit 1
}

on_exit() {
  local code=$?
  exec 2>&7
  trap '' TERM INT HUP
  if [ -f "$journal" ]; then
    echo "the restore did not finish; putting the old data back" >&2
    undo_journal || true
  fi
  [ -z "$staging" ] || rm -rf "$staging"
  scratch_stop
  if [ -n "$postgres_accessory" ] && [ -z "$applied" ]; then
    end_postgres_restore_sessions "$postgres_accessory"
  fi
  if [ -n "$operation" ]; then
    if [ -n "$stopped_by" ] && [ -n "$applied" ]; then
      echo "restore INTERRUPTED by $stopped_by after $operation was applied: the new data is in place" >&2
      record_restore interrupted "interrupted by $stopped_by after the restore was applied; the new data is in place"
    elif [ -n "$stopped_by" ]; then
      echo "restore INTERRUPTED by $stopped_by: $operation was not applied; the old data is in place" >&2
      record_restore interrupted "interrupted by $stopped_by before it was applied; nothing was changed"
    elif [ "$code" -ne 0 ] && still_running "$record_file"; then
      record_restore failed "stopped unexpectedly (exit $code); see its output"
    fi
  fi
}
trap on_exit EXIT
on_signal() {
  stopped_by=$1
  exit 143
}
trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGINT' INT
trap 'on_signal SIGHUP' HUP

# Sets kind, marker, load, load_into, admin, dump, database, superuser and data_volume for a backed-up database.
database_settings() {
  case "$1" in
{{databaseSettings}}
    *) return 1 ;;
  esac
}

is_backed_up_volume() {
  case "$1" in
{{volumeCases}}
    *) return 1 ;;
  esac
}

# Prints the full id of the snapshot to restore, refusing one that belongs to something else.
resolve_snapshot() {
  local kind=$1 name=$2 wanted=$3 json
  json="$(restic snapshots --json --tag "kind=$kind,name=$name" "$wanted" 2>&1)" ||
    die "cannot list the snapshots of '$name': $(first_error "$json")"
  if ! grep -q "\"kind=$kind\"" <<<"$json" || ! grep -q "\"name=$name\"" <<<"$json"; then
    die "no $kind snapshot '$wanted' of '$name'; 'infra-restore list' shows them"
  fi
  grep -o '"id":"[0-9a-f]*"' <<<"$json" | head -n1 | cut -d'"' -f4
}

# The size in bytes restic recorded for a file of a snapshot.
snapshot_file_size() {
  local id=$1 path=$2 listing size
  listing="$(restic ls --json "$id" "$path" 2>&1)" || die "cannot list snapshot ${id:0:8}: $(first_error "$listing")"
  size="$(grep "\"path\":\"$path\"" <<<"$listing" | grep -o '"size":[0-9]*' | head -n1 | cut -d: -f2)"
  [ -n "$size" ] || die "snapshot ${id:0:8} holds no $path"
  echo "$size"
}

# Copies a dump from stdin to stdout and exits 0 only when it was complete: exactly the bytes restic
# recorded, with the dump's end marker. PostgreSQL dumps reset lock_timeout, statement_timeout and
# idle_in_transaction_session_timeout to 0 (wait forever); those lines are commented out so the
# restore's own deadlines hold (never inside COPY data).
checked_stream() {
  local expected=$1
  LC_ALL=C awk -v marker="$marker" -v expected="$expected" '
    { bytes += length($0) + 1 }
    copying { if ($0 == "\\.") copying = 0; print; next }
    /^COPY .* FROM stdin;$/ { copying = 1 }
    index($0, marker) == 1 { complete = 1 }
    /^SET (lock_timeout|statement_timeout|idle_in_transaction_session_timeout) = 0;$/ {
      print "-- set by infra-restore instead: " $0; next
    }
    { print }
    END {
      if (!complete || bytes != expected) {
        printf "the dump stream was cut: %d of %d bytes arrived%s\n", bytes, expected,
          complete ? "" : ", without its end marker" > "/dev/stderr"
        exit 3
      }
    }'
}

# Streams a PostgreSQL dump as one transaction: BEGIN, the restore's deadlines, the dump, and COMMIT
# only when restic ended well and the stream was complete. Without the COMMIT psql reaches the end of
# its input inside the transaction and the server rolls it back.
postgres_transaction() {
  local id=$1 name=$2 expected=$3 statuses
  printf '%s\n' "BEGIN;" \
    "SET lock_timeout = '$pg_lock_timeout';" \
    "SET statement_timeout = '$pg_statement_timeout';" \
    "SET idle_in_transaction_session_timeout = '$pg_stall_timeout';" \
    "SET client_connection_check_interval = '{{connectionCheckInterval}}';"
  set +e
  restic dump "$id" "/$name.sql" | checked_stream "$expected"
  statuses=("${PIPESTATUS[@]}")
  set -e
  if [ "${statuses[0]}" -ne 0 ] || [ "${statuses[1]}" -ne 0 ]; then
    echo "restic dump exit ${statuses[0]}; nothing is committed" >&2
    return 1
  fi
  printf 'COMMIT;\n'
}

# Ends the server session of a restore that failed or was stopped, so no lock outlives it.
end_postgres_restore_sessions() {
  local name=$1
  echo "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{{applicationName}}' AND pid <> pg_backend_pid();" |
    in_accessory "$name" "$admin" >/dev/null 2>&1 || true
}

restore_postgres() {
  local name=$1 id=$2 into=$3 expected command=$load target=$database
  expected="$(snapshot_file_size "$id" "/$name.sql")"
  postgres_accessory=$name
  if [ -n "$into" ]; then
    command="${load_into//{{intoPlaceholder}}/$into}"
    target=$into
    echo "CREATE DATABASE \"$into\";" | in_accessory "$name" "$admin" ||
      die "could not create database '$into' (does it exist already?); nothing was changed"
  fi
  if ! postgres_transaction "$id" "$name" "$expected" | in_accessory "$name" "$command"; then
    end_postgres_restore_sessions "$name"
    if [ -n "$into" ]; then
      echo "DROP DATABASE IF EXISTS \"$into\";" | in_accessory "$name" "$admin" || true
    fi
    [ -z "$stopped_by" ] || exit 143
    die "loading the dump into '$target' failed and was rolled back; '$target' is as it was"
  fi
  applied=1
}

# ---- Point-in-time recovery (PostgreSQL) ----

# Seconds since the epoch (with fraction) of an RFC 3339 time; fails for anything else.
rfc3339_epoch() {
  [[ $1 =~ {{rfc3339Pattern}} ]] || return 1
  date -u -d "$1" +%s.%N 2>/dev/null
}

# Prints "stop_epoch start_segment snapshot_id stop_time" for each base backup of $name whose
# .backup file (in $1) says where it starts and when it ended, oldest end first.
base_backups() {
  local labels=$1 json time id label file start stop
  json="$(restic snapshots --json --tag "kind=base,name=$name" 2>&1)" || die "cannot list the base backups of '$name': $(first_error "$json")"
  grep -o '"time":"[^"]*"\|"id":"[0-9a-f]*"' <<<"$json" | tr -d '"' | awk '/^time:/ { time = substr($0, 6) } /^id:/ { print time, substr($0, 4) }' |
    while read -r time id; do
      label="infra-base-$name-$(date -u -d "$time" +%Y%m%dT%H%M%SZ)"
      file="$(grep -rlx "LABEL: $label" "$labels" 2>/dev/null | head -n1 || true)"
      [ -n "$file" ] || continue
      start="$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]\{24\}\))$/\1/p' "$file")"
      stop="$(sed -n 's/^STOP TIME: //p' "$file")"
      # The .backup file gives the end in whole seconds: the first whole second after it is reachable.
      stop="$(($(date -u -d "$stop" +%s) + 1))"
      printf '%s %s %s %s\n' "$stop" "$start" "$id" "$(date -u -d "@$stop" +%Y-%m-%dT%H:%M:%SZ)"
    done | sort -n
}

# Fills a data folder: the base backup, the WAL from the WAL snapshot for restore_command (which runs
# in the data folder), and the recovery settings; then gives it to the server's user.
prepare_recovery() {
  local dir=$1 base_id=$2 wal_id=$3 target=$4 owner=$5 statuses
  set +e
  restic dump "$base_id" "/$name.base.tar" | tar -x -C "$dir"
  statuses=("${PIPESTATUS[@]}")
  set -e
  if [ "${statuses[0]}" -ne 0 ] || [ "${statuses[1]}" -ne 0 ]; then
    die "could not unpack base backup ${base_id:0:8} (restic dump exit ${statuses[0]}, tar exit ${statuses[1]}); nothing live was changed"
  fi
  restic restore "$wal_id" --target "$staging/wal" >/dev/null ||
    die "could not restore the WAL snapshot ${wal_id:0:8}; nothing live was changed"
  mkdir -p "$dir/{{restoreWalFolder}}"
  find "$staging/wal/_data" -maxdepth 1 -type f ! -name '.*' -exec mv -t "$dir/{{restoreWalFolder}}" {} +
  rm -rf "$staging/wal"
  {
    echo "# Set by infra-restore for point-in-time recovery; reset once the server is promoted."
    echo "restore_command = 'cp {{restoreWalFolder}}/%f \"%p\"'"
    [ -z "$target" ] || echo "recovery_target_time = '$target'"
    echo "recovery_target_inclusive = on"
    echo "recovery_target_action = 'promote'"
  } >>"$dir/postgresql.auto.conf"
  touch "$dir/recovery.signal"
  rm -f "$dir/postmaster.pid"
  chown -R "$owner" "$dir"
  chmod 0700 "$dir"
}

# A server of our own on a recovered data folder, reachable only through its socket (local) or
# inside its container (docker, on no network); stopped and removed by scratch_stop. It archives
# nothing, except when its data is to go in place: then the WAL of its new timeline (the .history
# file first) waits in pg_wal (archive_mode on, no archive_command) for the accessory's own archiver,
# so the archive holds the whole history of the recovered server.
scratch_container=""
scratch_dir=""
scratch_data=""
scratch_socket=""
pg_bin=""
runas=runuser_postgres

# A new data folder for the scratch server (a volume of its own with docker, a folder otherwise),
# filled with the base backup and the WAL and owned like the accessory's data.
scratch_prepare() {
  local owner
  case "$accessories" in
    docker)
      image="$(docker inspect -f '{{.Config.Image}}' "$docker_prefix$name")" || die "cannot read the image of container $docker_prefix$name; nothing was changed"
      owner="$(stat -c '%u:%g' "$volumes_root/$docker_prefix$data_volume/_data")" || die "no data folder of '$name' at $volumes_root/$docker_prefix$data_volume/_data; nothing was changed"
      scratch_container="$docker_prefix$name-pitr-$$"
      scratch_volume="$scratch_container"
      docker volume create "$scratch_volume" >/dev/null || die "could not create the scratch volume $scratch_volume; nothing was changed"
      scratch_data="$volumes_root/$scratch_volume/_data"
      ;;
    local)
      pg_bin="$(dirname "$(command -v postgres)")"
      owner="${PITR_LOCAL_USER:-postgres}"
      scratch_dir="$(mktemp -d "${TMPDIR:-/tmp}/infra-pitr-$name.XXXXXX")"
      mkdir "$scratch_dir/data" "$scratch_dir/socket"
      chmod 0755 "$scratch_dir"
      chown "$owner" "$scratch_dir" "$scratch_dir/socket"
      scratch_socket="$scratch_dir/socket"
      scratch_data="$scratch_dir/data"
      ;;
  esac
  prepare_recovery "$scratch_data" "$base_id" "$wal_id" "$target" "$owner"
}

scratch_start() {
  local archive=(-c archive_mode=off)
  [ -z "$in_place" ] || archive=(-c archive_mode=on -c archive_command=)
  case "$accessories" in
    docker)
      docker run -d --name "$scratch_container" --network none -v "$scratch_volume:/var/lib/postgresql/data" "$image" \
        postgres -c listen_addresses= "${archive[@]}" >/dev/null
      ;;
    local)
      # -w: back once it accepts (read-only) connections, or at once when it stopped.
      "$runas" "$pg_bin/pg_ctl" -D "$scratch_data" -l "$scratch_dir/server.log" -w -t "$pitr_timeout" \
        -o "-c listen_addresses= -k $scratch_socket -c port=5432 ${archive[*]}" start >/dev/null
      ;;
  esac
}

scratch_alive() {
  case "$accessories" in
    docker) [ "$(docker inspect -f '{{.State.Running}}' "$scratch_container" 2>/dev/null)" = true ] ;;
    local) "$runas" "$pg_bin/pg_ctl" -D "$scratch_data" status >/dev/null 2>&1 ;;
  esac
}

scratch_log() {
  case "$accessories" in
    docker) docker logs "$scratch_container" 2>&1 ;;
    local) cat "$scratch_dir/server.log" 2>/dev/null ;;
  esac
}

scratch_psql() {
  case "$accessories" in
    docker) docker exec -i "$scratch_container" psql -U "$superuser" --no-psqlrc -At -v ON_ERROR_STOP=1 "$@" ;;
    local) "$runas" "$pg_bin/psql" -h "$scratch_socket" -p 5432 -U "$superuser" --no-psqlrc -At -v ON_ERROR_STOP=1 "$@" ;;
  esac
}

scratch_dump() {
  case "$accessories" in
    docker) docker exec "$scratch_container" pg_dump -U "$superuser" --no-owner "$database" ;;
    local) "$runas" "$pg_bin/pg_dump" -h "$scratch_socket" -p 5432 -U "$superuser" --no-owner "$database" ;;
  esac
}

scratch_stop() {
  case "$accessories" in
    docker)
      [ -z "$scratch_container" ] || docker rm -f "$scratch_container" >/dev/null 2>&1 || true
      [ -z "$scratch_volume" ] || docker volume rm "$scratch_volume" >/dev/null 2>&1 || true
      ;;
    local)
      [ -z "$scratch_dir" ] || { "$runas" "$pg_bin/pg_ctl" -D "$scratch_data" stop -m immediate >/dev/null 2>&1 || true; rm -rf "$scratch_dir"; }
      ;;
  esac
  scratch_container="" scratch_volume="" scratch_dir=""
}

# Scratch servers and folders of restores that were killed outright (the host lock says none runs now).
remove_stale_scratch() {
  local stale
  rm -rf "$restore_dir/.pitr-$name".*
  [ "$accessories" = docker ] || return 0
  for stale in $(docker ps -aq --filter "name=^$docker_prefix$name-pitr-" 2>/dev/null); do
    docker rm -f "$stale" >/dev/null 2>&1 || true
  done
  for stale in $(docker volume ls -q --filter "name=^$docker_prefix$name-pitr-" 2>/dev/null); do
    docker volume rm "$stale" >/dev/null 2>&1 || true
  done
}

# Waits until a server answers that it is out of recovery (promoted: recovery reached its target or
# the end of the WAL); fails at once when it stopped (e.g. the target lies beyond the WAL), or by the deadline.
wait_for_promotion() {
  local check=$1 alive=$2 deadline=$((SECONDS + pitr_timeout)) answer
  while [ "$SECONDS" -lt "$deadline" ]; do
    answer="$($check 2>/dev/null || true)"
    [ "$answer" != f ] || return 0
    $alive || return 1
    sleep 1
  done
  return 1
}
scratch_in_recovery() { echo "SELECT pg_is_in_recovery();" | scratch_psql -d {{maintenanceDatabase}}; }
live_in_recovery() { echo "SELECT pg_is_in_recovery();" | in_accessory "$name" "$admin"; }
live_alive() { [ "$(docker inspect -f '{{.State.Running}}' "$docker_prefix$name" 2>/dev/null)" = true ]; }

# RFC 3339 in UTC, to the microsecond, of a time PostgreSQL printed (2026-12-02 07:15:00.123456+00).
rfc3339_of() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S.%6NZ; }

# Recovers on the scratch server and sets reached: the commit time of the last transaction it
# replayed. PostgreSQL stops with "recovery ended before configured recovery target was reached" when
# no transaction after the target was shipped: that is refused, naming the latest point the shipped
# WAL reaches (its last transaction, from the server's log), which only '--to latest' recovers to.
recover_on_scratch() {
  local log last sql
  scratch_prepare
  scratch_start || true
  if ! wait_for_promotion scratch_in_recovery scratch_alive; then
    log="$(scratch_log)"
    if grep -q 'recovery ended before configured recovery target was reached' <<<"$log"; then
      last="$(sed -n 's/.*last completed transaction was at log time \(.*\)$/\1/p' <<<"$log" | tail -n1)"
      if [ -n "$last" ]; then
        last="$(rfc3339_of "$last") (its last transaction in the shipped WAL)"
      else
        last="$stop_text (the end of base backup ${base_id:0:8}; no transaction after it was shipped)"
      fi
      die "refused: --to $to is at or after the latest point '$name' can be recovered to, $last; '--to latest' recovers to it; nothing was changed"
    fi
    die "recovery of '$name' did not finish within $pitr_timeout s (PITR_TIMEOUT_SECONDS) or its server stopped: $(tail -n 3 <<<"$log" | tr '\n' ' ')nothing was changed"
  fi
  sql="SELECT coalesce(to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '');"
  reached="$(scratch_psql -d {{maintenanceDatabase}} <<<"$sql")" || die "could not ask the recovered server how far it got; nothing was changed"
  [ -n "$reached" ] || reached="$stop_text (the end of base backup ${base_id:0:8})"
}

restore_to_time() {
  local name=$1 to=$2 into=$3 in_place=$4 kind marker load load_into admin dump database superuser data_volume
  local target="" target_epoch="" labels bases chosen oldest base_id start stop_text wal_id from id exists reached=""
  database_settings "$name" || die "'$name' is not a backed-up database ({{databaseNames}})"
  [ "$kind" = postgres ] || die "'$name' is not PostgreSQL: only PostgreSQL restores to a point in time"
  if [ "$to" != latest ]; then
    target_epoch="$(rfc3339_epoch "$to")" || die "{{badTime}}"
    target="$(date -u -d "$to" '+%Y-%m-%d %H:%M:%S.%6N+00')"
  fi
  if [ -n "$into" ]; then
    [[ $into =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$ ]] || die "'$into' is not a database name (letters, digits, '_', '.', '-')"
  elif [ -z "$in_place" ]; then
    die "say where to recover '$name' to: a new database (<into-database>) or --in-place"
  fi
  [ -z "$in_place" ] || [ "$accessories" = docker ] || die "--in-place replaces the accessory container's data: it needs BACKUP_ACCESSORIES=docker"
  if [ -n "$into" ]; then
    exists="$(echo "SELECT count(*) FROM pg_database WHERE datname = '$into';" | in_accessory "$name" "$admin" 2>&1)" ||
      die "cannot reach '$name' to check for database '$into': $(first_error "$exists"); nothing was changed"
    [ "$exists" = 0 ] || die "database '$into' exists already in '$name'; name a new one; nothing was changed"
  fi

  mkdir -p "$restore_dir"
  remove_stale_scratch
  staging="$(mktemp -d "$restore_dir/.pitr-$name.XXXXXX")"
  labels="$staging/labels"
  # Every WAL snapshot holds every .backup file, so the newest one tells where each base backup starts and ends.
  restic restore latest --tag "kind=wal,name=$name" --target "$labels" --include '*.backup' >/dev/null 2>&1 ||
    die "'$name' has no shipped WAL yet, so no point in time can be recovered; a dump restore still works"
  bases="$(base_backups "$labels")"
  [ -n "$bases" ] || die "'$name' has no base backup whose WAL was shipped yet; run infra-backup"
  oldest="$(head -n1 <<<"$bases")"
  if [ -n "$target_epoch" ]; then
    if awk -v t="$target_epoch" -v o="${oldest%% *}" 'BEGIN { exit !(t < o) }'; then
      die "refused: --to $to is before the oldest point '$name' can be recovered to, $(cut -d' ' -f4 <<<"$oldest") (the end of base backup $(cut -d' ' -f3 <<<"$oldest" | cut -c1-8))"
    fi
    chosen="$(awk -v t="$target_epoch" '$1 <= t' <<<"$bases" | tail -n1)"
  else
    chosen="$(tail -n1 <<<"$bases")"
  fi
  read -r _ start base_id stop_text <<<"$chosen"
  wal_id=""
  local best=""
  while read -r from id; do
    if ! [[ $from > $start ]] && ! [[ $from < $best ]]; then
      best=$from
      wal_id=$id
    fi
  done < <(restic snapshots --json --tag "kind=wal,name=$name" | grep -o '"from=[0-9A-Za-z]*"\|"id":"[0-9a-f]*"' | tr -d '"' |
    awk '/^from=/ { from = substr($0, 6) } /^id:/ { print from, substr($0, 4) }')
  [ -n "$wal_id" ] || die "no shipped WAL of '$name' reaches back to the start of base backup ${base_id:0:8} ($start)"
  echo "recovering '$name' from base backup ${base_id:0:8} (ended $stop_text) and WAL snapshot ${wal_id:0:8} to ${to}"

  recover_on_scratch
  echo "recovered to $to: the last transaction recovered was committed at $reached"
  if [ -n "$in_place" ]; then
    restore_to_time_in_place
  else
    restore_to_time_into
  fi
  scratch_stop
  record_restore ok "recovered database '$name' to $to (last transaction $reached)${into:+ into database '$into'}${in_place:+ in place}"
  echo "recovered database '$name' to $to (last transaction $reached)${into:+ into database '$into'}${in_place:+ in place}"
}

runuser_postgres() { runuser -u "${PITR_LOCAL_USER:-postgres}" -- "$@"; }

# Copies the recovered database into a new database of the running accessory, in one transaction.
restore_to_time_into() {
  local statuses=()
  echo "CREATE DATABASE \"$into\";" | in_accessory "$name" "$admin" ||
    die "could not create database '$into' (does it exist already?); nothing was changed"
  postgres_accessory=$name
  set +e
  recovered_transaction | in_accessory "$name" "${load_into//{{intoPlaceholder}}/$into}"
  statuses=("${PIPESTATUS[@]}")
  set -e
  if [ "${statuses[0]}" -ne 0 ] || [ "${statuses[1]}" -ne 0 ]; then
    end_postgres_restore_sessions "$name"
    echo "DROP DATABASE IF EXISTS \"$into\";" | in_accessory "$name" "$admin" || true
    [ -z "$stopped_by" ] || exit 143
    die "copying the recovered database into '$into' failed and was rolled back"
  fi
  applied=1
}

# The recovered database as one transaction that commits only when its dump ended well.
recovered_transaction() {
  printf '%s\n' "BEGIN;" "SET lock_timeout = '$pg_lock_timeout';"
  scratch_dump || { echo "pg_dump of the recovered database failed; nothing is committed" >&2; return 1; }
  printf 'COMMIT;\n'
}

# The accessory keeps serving its data while the scratch server recovers. Then the recovered server
# is stopped cleanly, its recovery settings reset, and swapped in: the accessory is stopped, its data
# folder moved aside (kept) and the recovered one moved in (renames within Docker's volume folder),
# and it is started and watched until it serves. Journaled: a failure or a stop puts the old folder
# back and starts the accessory on it; a run killed outright is undone by the next run.
restore_to_time_in_place() {
  local container="$docker_prefix$name" volume="$docker_prefix$data_volume" data aside kept
  data="$volumes_root/$volume/_data"
  printf '%s\n' "ALTER SYSTEM RESET restore_command;" "ALTER SYSTEM RESET recovery_target_time;" \
    "ALTER SYSTEM RESET recovery_target_inclusive;" "ALTER SYSTEM RESET recovery_target_action;" |
    scratch_psql -d {{maintenanceDatabase}} >/dev/null || die "could not reset the recovery settings of the recovered server; nothing live was changed"
  docker stop --time 120 "$scratch_container" >/dev/null || die "the recovered server did not stop; nothing live was changed"
  rm -rf "${scratch_data:?}/{{restoreWalFolder}}"
  aside="$data.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  write_record "$journal" "kind=pitr" "name=$name" "target=$data" "staged=$scratch_data" "aside=$aside" "container=$container" "scratch=$scratch_container" ||
    die "could not write $journal; nothing live was changed"
  docker stop --time 60 "$container" >/dev/null || die "could not stop $container; the old data goes back"
  mv "$data" "$aside"
  mv "$scratch_data" "$data"
  docker start "$container" >/dev/null || die "$container did not start on the recovered data; the old data goes back"
  wait_for_promotion live_in_recovery live_alive ||
    die "$container did not serve the recovered data within $pitr_timeout s: $(docker logs --tail 3 "$container" 2>&1 | tr '\n' ' ')the old data goes back"
  rm -f "$journal"
  applied=1
  kept="$(basename "$aside")"
  echo "the data '$name' had before is kept in volume $volume as $kept, beside _data (at $aside here); delete it once the restore is verified"
  # With docker alone, as the scripts' own helper reaches the volume folder, on a droplet and locally.
  echo "to go back to it (RUNBOOK 'Undo an in-place point-in-time restore'): docker stop $container &&" \
    "docker run --rm --entrypoint sh -v \"\$(docker info --format '{{.DockerRootDir}}')/volumes/$volume:/volume\" $image" \
    "-c 'mv /volume/_data /volume/_data.unwanted && mv /volume/$kept /volume/_data' && docker start $container"
}

# MySQL/MariaDB: stage and check the whole dump, keep the live database aside, then load, journaled.
restore_mysql() {
  local name=$1 id=$2 expected stamp staged aside="" errors
  expected="$(snapshot_file_size "$id" "/$name.sql")"
  mkdir -p "$restore_dir"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  staging="$(mktemp -d "$restore_dir/.staging-$name.XXXXXX")"
  staged="$staging/$name.sql"
  set +e
  restic dump "$id" "/$name.sql" | checked_stream "$expected" >"$staged"
  local statuses=("${PIPESTATUS[@]}")
  set -e
  if [ "${statuses[0]}" -ne 0 ] || [ "${statuses[1]}" -ne 0 ]; then
    [ -z "$stopped_by" ] || exit 143
    die "could not stage the dump of '$name' in full (restic dump exit ${statuses[0]}, check exit ${statuses[1]}; is $restore_dir full?); the live database is untouched"
  fi
  errors="$staging/aside.err"
  aside="$restore_dir/$name.before-restore-$stamp.sql"
  if in_accessory "$name" "$dump" >"$aside.part" 2>"$errors" && grep -q "^$marker" "$aside.part"; then
    mv "$aside.part" "$aside"
    echo "the live database of '$name' is kept aside in $aside"
  elif grep -q '1049' "$errors"; then
    rm -f "$aside.part"
    aside=""
    echo "'$name' has no database ${database:-} yet: nothing to keep aside"
  else
    rm -f "$aside.part"
    die "could not keep the live database of '$name' aside: $(first_error "$(cat "$errors")"); the live database is untouched"
  fi
  write_record "$journal" "kind=database" "name=$name" "aside=$aside" || die "could not write $journal; the live database is untouched"
  if ! in_accessory "$name" "$load" <"$staged"; then
    [ -z "$stopped_by" ] || exit 143
    undo_journal || die "loading the dump into '$name' failed, and so did putting the old data back from $aside: load it by hand"
    die "loading the dump into '$name' failed; the old data was put back${aside:+ from $aside}"
  fi
  rm -f "$journal"
  applied=1
}

restore_database() {
  local name=$1 wanted=${2:-latest} into=${3:-} id kind marker load load_into admin dump database
  database_settings "$name" || die "'$name' is not a backed-up database ({{databaseNames}})"
  if [ -n "$into" ]; then
    [[ $into =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$ ]] || die "'$into' is not a database name (letters, digits, '_', '.', '-')"
    [ "$kind" = postgres ] || die "'$name' is not PostgreSQL: only PostgreSQL dumps load into another database"
  fi
  id="$(resolve_snapshot database "$name" "$wanted")"
  echo "restoring database '$name' from snapshot ${id:0:8}${into:+ into database '$into'}"
  case "$kind" in
    postgres) restore_postgres "$name" "$id" "$into" ;;
    mysql) restore_mysql "$name" "$id" ;;
  esac
  record_restore ok "restored database '$name' from snapshot ${id:0:8}${into:+ into database '$into'}"
  echo "restored database '$name' from snapshot ${id:0:8}${into:+ into database '$into'}"
}

restore_volume() {
  local name=$1 wanted=${2:-latest} target=${3:-} id parent aside
  is_backed_up_volume "$name" || die "'$name' is not a backed-up volume ({{volumeNames}})"
  target="${target:-$volumes_root/$docker_prefix$name/_data}"
  target="${target%/}"
  id="$(resolve_snapshot volume "$name" "$wanted")"
  parent="$(dirname "$target")"
  mkdir -p "$parent"
  # Beside the target, so the swap is a rename on one file system; removed whatever happens.
  # Folders left by a restore that was killed outright go first (the host lock says none is running).
  rm -rf "$parent/.restoring-$name".*
  staging="$(mktemp -d "$parent/.restoring-$name.XXXXXX")"
  echo "restoring volume '$name' from snapshot ${id:0:8} into $staging"
  if ! restic restore "$id" --target "$staging" --verify; then
    [ -z "$stopped_by" ] || exit 143
    die "restic could not restore snapshot ${id:0:8} in full (is $parent full?); $target is untouched"
  fi
  [ -d "$staging/_data" ] || die "snapshot ${id:0:8} holds no _data folder; $target is untouched"
  aside="$target.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  write_record "$journal" "kind=volume" "target=$target" "staged=$staging/_data" "aside=$aside" ||
    die "could not write $journal; $target is untouched"
  if [ -e "$target" ]; then
    mv "$target" "$aside"
  fi
  mv "$staging/_data" "$target"
  rm -f "$journal"
  applied=1
  [ -e "$aside" ] && echo "the data that was at $target is now at $aside; delete it once the restore is verified"
  record_restore ok "restored volume '$name' from snapshot ${id:0:8} into $target"
  echo "restored volume '$name' from snapshot ${id:0:8} into $target"
}

journal_value() {
  sed -n "s/^$1=//p" "$journal"
}

# Puts the old data back after a restore that stopped between its first and last change.
undo_journal() {
  local kind name target staged aside scratch kind_of_db marker load load_into admin dump database
  kind="$(journal_value kind)"
  case "$kind" in
    volume)
      target="$(journal_value target)"
      staged="$(journal_value staged)"
      aside="$(journal_value aside)"
      if [ -e "$staged" ]; then
        # The new data never reached the target: the old one goes back if it had been moved.
        if [ -e "$aside" ]; then
          [ ! -e "$target" ] || return 1
          mv "$aside" "$target"
        fi
        rm -rf "$(dirname "$staged")"
        echo "undid the interrupted restore of $target: the old data is back in place" >&2
      else
        echo "the interrupted restore of $target had swapped the new data in completely" >&2
      fi
      ;;
    database)
      name="$(journal_value name)"
      aside="$(journal_value aside)"
      database_settings "$name" || return 1
      kind_of_db=$kind
      [ "$kind_of_db" = mysql ] || return 1
      if [ -n "$database" ]; then
        echo "DROP DATABASE IF EXISTS \`$database\`;" | in_accessory "$name" "$admin" || return 1
      fi
      if [ -n "$aside" ]; then
        in_accessory "$name" "$load" <"$aside" || return 1
      fi
      echo "undid the interrupted restore of database '$name'${aside:+: its old data is back from $aside}" >&2
      ;;
    pitr)
      target="$(journal_value target)"
      staged="$(journal_value staged)"
      aside="$(journal_value aside)"
      name="$(journal_value container)"
      docker stop --time 60 "$name" >/dev/null 2>&1 || true
      if [ -e "$aside" ]; then
        # What is at the target now is the recovered copy (or nothing): a next run recovers it again.
        rm -rf "$target"
        mv "$aside" "$target"
      fi
      rm -rf "$staged"
      scratch="$(journal_value scratch)"
      if [ -n "$scratch" ]; then
        docker rm -f "$scratch" >/dev/null 2>&1 || true
        docker volume rm "$scratch" >/dev/null 2>&1 || true
      fi
      docker start "$name" >/dev/null || return 1
      echo "undid the interrupted point-in-time restore of $target: the old data is back in place" >&2
      ;;
    *) return 1 ;;
  esac
  rm -f "$journal"
}

# A restore killed outright (no chance to clean up) left its journal: undo it before anything else.
finish_interrupted_restore() {
  [ -f "$journal" ] || return 0
  echo "== a restore was interrupted before it finished ($journal); undoing it" >&2
  undo_journal || die "could not undo the interrupted restore recorded in $journal; see RUNBOOK 'a backup or restore was interrupted'"
}

load_repository_settings || die "$settings_problem"

case "${1:-}" in
  list | database | volume)
    take_host_lock || die "$lock_problem"
    finish_interrupted_restore
    remove_stale_restic_locks
    ;;
esac

case "${1:-}" in
  list) shift; restic snapshots {{listTags}} "$@" ;;
  database)
    [ $# -ge 2 ] || { usage >&2; exit 2; }
    operation="database $2"
    if [ "${3:-}" = --to ]; then
      [ $# -ge 4 ] || die "--to needs a time (RFC 3339, e.g. 2026-12-02T07:15:00Z) or 'latest'"
      case "${5:-}" in
        --in-place) into="" in_place=1 ;;
        *) into="${5:-}" in_place="" ;;
      esac
      [ $# -le 5 ] || die "unexpected argument '$6' after '$5'"
      operation="database $2 to $4"
      record_restore running "started"
      restore_to_time "$2" "$4" "$into" "$in_place"
    else
      record_restore running "started"
      restore_database "$2" "${3:-latest}" "${4:-}"
    fi
    ;;
  volume) [ $# -ge 2 ] || { usage >&2; exit 2; }; operation="volume $2"; record_restore running "started"; restore_volume "$2" "${3:-latest}" "${4:-}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
