set -eu
# A release task, run by the host with only docker and bash (3.2, as on macOS, will do). `docker wait`
# prints the task's exit status when it ends; the read of it gives up at the deadline. The update
# fails with the task's exit status, or 124 when it ran out of time (the container is then removed,
# which also ends the wait, so nothing of it runs on).
name={{name}}
# A container left by an interrupted run would block the name; it never took traffic.
docker rm -f "$name" >/dev/null 2>&1 || true
{{run}} >/dev/null
status=""
read -r -t {{timeout}} status < <(docker wait "$name") || true
docker logs "$name" 2>&1 || true
if [ -z "$status" ]; then
  docker rm -f "$name" >/dev/null 2>&1 || true
  echo "release task $name did not finish within {{timeout}} s; stopped it" >&2
  exit 124
fi
docker rm "$name" >/dev/null
if [ "$status" != 0 ]; then
  echo "release task $name exited with status $status" >&2
fi
exit "$status"
