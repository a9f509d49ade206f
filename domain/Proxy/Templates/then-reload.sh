set -eu
status=0
{{run}}if [ "$status" = {{reloadStatus}} ]; then
  if [ "$(docker inspect -f '{{.State.Running}}' {{proxy}} 2>/dev/null || true)" = true ]; then
    docker kill -s USR2 {{proxy}} >/dev/null
    echo "proxy: reloaded"
  fi
elif [ "$status" != 0 ]; then
  exit "$status"
fi
