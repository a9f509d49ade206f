set -eu
docker rm -f {{probeName}} >/dev/null 2>&1 || true
if ! {{probe}}
then
  echo "last log lines of {{container}}:" >&2
  docker logs --tail 30 {{containerWord}} >&2 || true
  exit 1
fi
