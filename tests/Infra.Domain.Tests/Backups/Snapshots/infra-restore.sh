#!/usr/bin/env bash
# Restores stack 'prod' from its restic repository. Rendered by infra from the stack settings.
# Needs only restic, the repository's credentials and, for a database, its accessory running: it
# works on a freshly built server as well as on the one that made the backup.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: infra-restore list [--json]
       infra-restore database <accessory> [latest|<snapshot-id>] [<into-database>]
       infra-restore volume <service>-<volume> [latest|<snapshot-id>] [<target-dir>]

database  loads the dump into the running accessory, replacing the tables it contains
          (PostgreSQL in one transaction: a failed load changes nothing). With <into-database>
          (PostgreSQL only) it creates that database and loads the dump there instead, leaving
          the live one alone, e.g. to compare a restored copy with the original.
volume    restores into a staging folder beside the target and swaps it in only once it is
          complete; the data it replaces is moved aside, not deleted. The target defaults to
          the volume's own folder; restart the containers that mount it afterwards.

databases: db, shop, crm
volumes:   web-uploads, grafana-data
EOF
}

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

staging=""
trap '[ -z "$staging" ] || rm -rf "$staging"' EXIT

die() {
  echo "restore FAILED: $1" >&2
  exit 1
}

database_load_command() {
  case "$1" in
    db) echo 'PGPASSWORD="${POSTGRES_PASSWORD:-}" psql --host=127.0.0.1 --port=5432 --username=app --no-password --dbname=app --set=ON_ERROR_STOP=1 --single-transaction --quiet --output=/dev/null' ;;
    shop) echo 'MYSQL_PWD="${MARIADB_ROOT_PASSWORD:-}" mariadb --host=127.0.0.1 --port=3306 --user=root' ;;
    crm) echo 'MYSQL_PWD="${MYSQL_ROOT_PASSWORD:-}" mysql --host=127.0.0.1 --port=3307 --user=root' ;;
    *) return 1 ;;
  esac
}

database_load_into_command() {
  case "$1" in
    db) echo 'PGPASSWORD="${POSTGRES_PASSWORD:-}" createdb --host=127.0.0.1 --port=5432 --username=app --no-password INFRA_INTO_DATABASE && PGPASSWORD="${POSTGRES_PASSWORD:-}" psql --host=127.0.0.1 --port=5432 --username=app --no-password --dbname=INFRA_INTO_DATABASE --set=ON_ERROR_STOP=1 --single-transaction --quiet --output=/dev/null' ;;
    *) return 1 ;;
  esac
}

is_backed_up_volume() {
  case "$1" in
    web-uploads) return 0 ;;
    grafana-data) return 0 ;;
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

restore_database() {
  local name=$1 wanted=${2:-latest} into=${3:-} load id
  load="$(database_load_command "$name")" || die "'$name' is not a backed-up database (db, shop, crm)"
  if [ -n "$into" ]; then
    [[ $into =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$ ]] || die "'$into' is not a database name (letters, digits, '_', '.', '-')"
    load="$(database_load_into_command "$name")" || die "'$name' is not PostgreSQL: only PostgreSQL dumps load into another database"
    load="${load//INFRA_INTO_DATABASE/$into}"
  fi
  id="$(resolve_snapshot database "$name" "$wanted")"
  echo "restoring database '$name' from snapshot ${id:0:8}${into:+ into database '$into'}"
  restic dump "$id" "/$name.sql" | in_accessory "$name" "$load" || die "loading the dump into '${into:-$name}' failed"
  echo "restored database '$name' from snapshot ${id:0:8}${into:+ into database '$into'}"
}

restore_volume() {
  local name=$1 wanted=${2:-latest} target=${3:-} id parent aside
  is_backed_up_volume "$name" || die "'$name' is not a backed-up volume (web-uploads, grafana-data)"
  target="${target:-$volumes_root/$docker_prefix$name/_data}"
  target="${target%/}"
  id="$(resolve_snapshot volume "$name" "$wanted")"
  parent="$(dirname "$target")"
  mkdir -p "$parent"
  # Beside the target, so the swap is a rename on one file system; removed whatever happens.
  staging="$(mktemp -d "$parent/.restoring-$name.XXXXXX")"
  echo "restoring volume '$name' from snapshot ${id:0:8} into $staging"
  restic restore "$id" --target "$staging" || die "restic could not restore snapshot ${id:0:8}; $target is untouched"
  [ -d "$staging/_data" ] || die "snapshot ${id:0:8} holds no _data folder; $target is untouched"
  if [ -e "$target" ]; then
    aside="$target.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$target" "$aside"
    echo "the data that was at $target is now at $aside; delete it once the restore is verified"
  fi
  mv "$staging/_data" "$target"
  echo "restored volume '$name' from snapshot ${id:0:8} into $target"
}

load_repository_settings || die "$settings_problem"

case "${1:-}" in
  list) shift; restic snapshots --tag kind=database,name=db --tag kind=database,name=shop --tag kind=database,name=crm --tag kind=volume,name=web-uploads --tag kind=volume,name=grafana-data "$@" ;;
  database) [ $# -ge 2 ] || { usage >&2; exit 2; }; restore_database "$2" "${3:-latest}" "${4:-}" ;;
  volume) [ $# -ge 2 ] || { usage >&2; exit 2; }; restore_volume "$2" "${3:-latest}" "${4:-}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
