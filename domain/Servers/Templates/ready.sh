set -eu
timeout {{cloudInitSeconds}} cloud-init status --wait >/dev/null || { echo "cloud-init failed or did not finish within {{cloudInitSeconds}} s: see /var/log/cloud-init-output.log" >&2; exit 1; }
mountpoint -q {{mount}} || { echo "data volume is not mounted at {{mount}}" >&2; exit 1; }
root="$(docker info --format '{{.DockerRootDir}}')"
[ "$root" = "{{dockerRoot}}" ] || { echo "Docker keeps its data in $root, not on the data volume" >&2; exit 1; }
echo ready
