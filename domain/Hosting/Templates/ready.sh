#!/usr/bin/env bash
# Waits until {{target}} is ready: its health path answers 2xx from outside the container, over the
# stack's private network. Rendered by infra (domain/Hosting/ReadinessProbe.cs); do not edit.
# Runs in a helper container on that network, so the service's image needs no program for it.
# Exit status: 0 ready; 1 not ready within {{seconds}} s (the update fails, traffic stays where it was).
set -euo pipefail

{{httpTools}}

address={{address}}
path={{path}}
deadline=$(( $(now_ms) + {{seconds}} * 1000 ))
last="no answer yet"
while :; do
  left=$(( deadline - $(now_ms) ))
  if (( left <= 0 )); then
    echo "{{target}} is not ready: GET http://$address$path did not answer 2xx within {{seconds}} s (last: $last)" >&2
    exit 1
  fi
  read -r status _ <<<"$(ask "$address" - "$path" $(( left < 2000 ? left : 2000 )))"
  if [[ $status =~ ^2[0-9][0-9]$ ]]; then
    echo "{{target}} is ready: GET http://$address$path answered $status"
    exit 0
  fi
  [ "$status" = 000 ] || last="status $status"
  left=$(( deadline - $(now_ms) ))
  (( left <= 0 )) || sleep "$(as_seconds $(( left < 1000 ? left : 1000 )))"
done
