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
