#!/usr/bin/env bash
# Restores stack '{{stack}}' from its restic repository. Rendered by infra from the stack settings.
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
{{inventory}}
EOF
}

{{common}}
staging=""
trap '[ -z "$staging" ] || rm -rf "$staging"' EXIT

die() {
  echo "restore FAILED: $1" >&2
  exit 1
}

database_load_command() {
  case "$1" in
{{loadCommands}}
    *) return 1 ;;
  esac
}

database_load_into_command() {
  case "$1" in
{{loadIntoCommands}}
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

restore_database() {
  local name=$1 wanted=${2:-latest} into=${3:-} load id
  load="$(database_load_command "$name")" || die "'$name' is not a backed-up database ({{databaseNames}})"
  if [ -n "$into" ]; then
    [[ $into =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$ ]] || die "'$into' is not a database name (letters, digits, '_', '.', '-')"
    load="$(database_load_into_command "$name")" || die "'$name' is not PostgreSQL: only PostgreSQL dumps load into another database"
    load="${load//{{intoPlaceholder}}/$into}"
  fi
  id="$(resolve_snapshot database "$name" "$wanted")"
  echo "restoring database '$name' from snapshot ${id:0:8}${into:+ into database '$into'}"
  restic dump "$id" "/$name.sql" | in_accessory "$name" "$load" || die "loading the dump into '${into:-$name}' failed"
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
  list) shift; restic snapshots {{listTags}} "$@" ;;
  database) [ $# -ge 2 ] || { usage >&2; exit 2; }; restore_database "$2" "${3:-latest}" "${4:-}" ;;
  volume) [ $# -ge 2 ] || { usage >&2; exit 2; }; restore_volume "$2" "${3:-latest}" "${4:-}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
