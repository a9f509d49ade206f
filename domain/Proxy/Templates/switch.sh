#!/usr/bin/env bash
# Switches stack '{{stack}}' to the {{target}} slot without failing a request. Rendered by infra
# (domain/Proxy/SwitchScript.cs) for this target; do not edit.
#
#   1. verify   every routed service answers its health path in {{target}}, asked through the preview
#               listener, within VERIFY_SECONDS; otherwise nothing changes and the unhealthy services are named
#   2. stage    the configuration rendered for {{target}} is written and synced to a temp file beside
#               haproxy.cfg; if that fails (e.g. a full disk) nothing changes
#   3. flip     one runtime-API session: per backend {{target}} ready, then {{old}} maint. No reload: client
#               connections stay open, and requests in flight on {{old}} complete there
#   4. persist  the staged file replaces haproxy.cfg (rename), so a restart of the proxy or the server
#               keeps {{target}}; if even that fails, the flip is undone and nothing changes
#   5. observe  every route, asked through the public listener, is answered by {{target}} only
#
# Switching to the slot that is already active changes nothing, and still verifies and observes.
# The switch keeps its own record beside haproxy.cfg, {{recordName}} (time, result, target, phase, pid,
# message; replaced in one rename): `running` while it runs, then `ok`, `failed` or `interrupted`.
# Stopped by SIGTERM, SIGINT or SIGHUP it undoes a flip that is not persisted yet, so traffic and
# haproxy.cfg agree, and records `interrupted`. Killed outright it leaves `running` with its phase:
# the next run says so, removes what it left (staged files) and finishes the job by itself.
# Runs in a helper container that shares the proxy's network namespace and sees its files where the
# proxy does; it needs bash, coreutils and grep (and uses flock when present), nothing else. Settings, with those defaults:
#   HAPROXY_RUNTIME  runtime API (TCP)         {{runtime}}
#   HAPROXY_CONFIG   haproxy.cfg to replace    {{config}}
#   PROXY_PUBLIC     public routes             {{public}}
#   PROXY_PREVIEW    preview listener          127.0.0.1:{{previewPort}}
#   VERIFY_SECONDS   deadline of step 1        60
#   OBSERVE_SECONDS  deadline of step 5        10
# Exit status: 0 switched, 2 not healthy, 3 flip refused, 4 not observed, 5 new configuration not
# written, 6 not persisted (flip undone), 1 other. With 2, 5 and 6 traffic stays on the slot it was on.
set -euo pipefail

target={{target}}
old={{old}}
runtime_address="${HAPROXY_RUNTIME:-{{runtime}}}"
config="${HAPROXY_CONFIG:-{{config}}}"
public="${PROXY_PUBLIC:-{{public}}}"
preview="${PROXY_PREVIEW:-127.0.0.1:{{previewPort}}}"
verify_seconds="${VERIFY_SECONDS:-60}"
observe_seconds="${OBSERVE_SECONDS:-10}"

# Every routed service: name, host ("-" for any), the path prefix its route matches, health path.
routes=(
{{routes}}
)

# Step 3's session, in this order.
flip=(
{{flip}}
)

# The same servers back as they were, should step 4 fail after the flip.
unflip=(
{{unflip}}
)

record_file="$(dirname "$config")/{{recordName}}"
phase=start

say() { printf 'switch-to-%s: %s\n' "$target" "$*"; }

# Replaces the record in one rename. Never fails the switch: on a full disk it warns instead.
record() {
  local result=$1 message=$2 tmp
  if tmp="$(mktemp "$record_file.XXXXXX" 2>/dev/null)" \
    && printf '%s\n' "time=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "result=$result" "target=$target" "phase=$phase" "pid=$$" "message=${message//$'\n'/ }" >"$tmp" \
    && mv -f "$tmp" "$record_file"; then
    return 0
  fi
  [ -z "${tmp:-}" ] || rm -f "$tmp"
  printf 'switch-to-%s: warning: cannot write %s (disk full?)\n' "$target" "$record_file" >&2
}

fail() {
  local status=$1
  shift
  printf 'switch-to-%s: %s\n' "$target" "$*" >&2
  record failed "$*"
  exit "$status"
}

{{httpTools}}

# Milliseconds left before <deadline>, at most <cap>.
left_ms() { local left=$(( $1 - $(now_ms) )); (( left < $2 )) || left=$2; echo "$left"; }

# Sends commands, one per line, to the runtime API in one session; prints the answers.
runtime() { tcp_session "$runtime_address" 5000 prompt "$@" quit; }

# Prints "ready" when <service> can take traffic in the target slot, otherwise why it cannot.
# Asks nothing after <deadline> (ms).
readiness() {
  local service=$1 health=$2 deadline=$3 admin="" status slot ms name state
  ms=$(left_ms "$deadline" 2000)
  while read -r _ _ _ name _ _ state _; do
    [ "$name" != "$target" ] || admin=$state
  done < <(tcp_session "$runtime_address" "$ms" prompt "show servers state $service" quit || true)
  if ! [[ $admin =~ ^[0-9]+$ ]]; then
    echo "the running proxy has no server $service/$target (start it with the current haproxy.cfg)"
  elif (( admin & 32 )); then
    echo "the proxy has not resolved the address of $service-$target (is the container running?)"
  else
    read -r status slot <<<"$(ask "$preview" - "{{probePrefix}}$target/$service" "$(left_ms "$deadline" 2000)")"
    if [ "$slot" = "$target" ] && (( status >= 200 && status < 400 )); then
      echo ready
    elif [ "$slot" = "$target" ]; then
      echo "GET $health answered $status"
    elif [ -n "$slot" ]; then
      echo "the probe was answered by $slot, not $target (is $service-$target running?)"
    elif [ "$status" = 000 ]; then
      echo "no answer from the preview listener $preview within 2 s"
    else
      echo "the proxy answered $status itself (is $service-$target running?)"
    fi
  fi
}

# One switch at a time: the helper's fixed container name already makes Docker refuse a second one
# beside the proxy; the lock also covers a run by hand (util-linux's flock, Essential in Debian).
if command -v flock >/dev/null; then
  exec 9>>"$config.lock"
  # Not `fail`: the record is the running switch's, not this one's.
  flock -n 9 || { printf 'switch-to-%s: another switch holds %s\n' "$target" "$config.lock" >&2; exit 1; }
fi

# A run killed outright left its record at `running`, and perhaps a staged file: say so, remove it.
if [ -f "$record_file" ] && grep -qx 'result=running' "$record_file"; then
  say "the previous switch was stopped before it recorded an outcome ($(grep -E '^(target|phase|pid)=' "$record_file" | tr '\n' ' ')); this run finishes the job"
fi
rm -f -- "$config".?????? "$record_file".??????
record running "switch to $target started"

# Set before the flip's session starts: a signal in the middle of it may have flipped a part.
flipped=""
persisted=""
on_signal() {
  trap '' TERM INT HUP
  local signal=$1 message
  if [ -n "$flipped" ] && [ -z "$persisted" ] && runtime "${unflip[@]}" >/dev/null 2>&1; then
    flipped=""
  fi
  if [ -n "$persisted" ]; then
    message="stopped by $signal during $phase, after $config was replaced: traffic is on $target"
  elif [ -n "$flipped" ]; then
    message="stopped by $signal during $phase and the flip could not be undone: traffic is on $target while $config names $old; run this script again"
  else
    message="stopped by $signal during $phase; nothing changed, traffic stays on $old"
  fi
  printf 'switch-to-%s: INTERRUPTED %s\n' "$target" "$message" >&2
  record interrupted "$message"
  exit 143
}
trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGINT' INT
trap 'on_signal SIGHUP' HUP

runtime "show info" >/dev/null || fail 1 "cannot reach the proxy's runtime API at $runtime_address"

phase=verify
say "1/5 verify: ${#routes[@]} service(s) in $target, through the preview listener $preview"
deadline=$(( $(now_ms) + verify_seconds * 1000 ))
declare -A verdicts=()
while :; do
  # A round counts only when it asked every service. A service is asked again only while a whole
  # probe (2 s) fits before the deadline, so no probe outlasts it and none cut short by it replaces
  # the last verdict; the first round asks every service whatever is left.
  problems=() complete=true
  for route in "${routes[@]}"; do
    read -r service _ _ health <<<"$route"
    if [ -z "${verdicts[$service]:-}" ] || (( $(left_ms "$deadline" 2000) >= 2000 )); then
      verdicts[$service]="$(readiness "$service" "$health" "$deadline")"
    else
      complete=false
    fi
    verdict="${verdicts[$service]:-not asked before the deadline}"
    [ "$verdict" = ready ] || problems+=("$service: $verdict")
  done
  [ ${#problems[@]} -gt 0 ] || [ "$complete" = false ] || break
  pause=$(left_ms "$deadline" 1000)
  if (( pause <= 0 )); then
    printf '  %s\n' "${problems[@]}" >&2
    fail 2 "not switching to $target: ${#problems[@]} service(s) not healthy after ${verify_seconds}s; nothing changed"
  fi
  sleep "$(as_seconds "$pause")"
done

phase=stage
staged=""
trap '[ -z "$staged" ] || rm -f "$staged"' EXIT
if [ -f "$config" ] && [ "$(cksum <"$config")" = "$(cksum <<'HAPROXY_CFG'
{{haproxy.cfg}}
HAPROXY_CFG
)" ]; then
  say "2/5 stage: $config already names $target"
else
  say "2/5 stage: the configuration for $target, written beside $config before anything flips"
  staged="$(mktemp "$config.XXXXXX")" || fail 5 "cannot create a file beside $config; nothing changed, traffic stays where it was"
  if ! { cat >"$staged" <<'HAPROXY_CFG'
{{haproxy.cfg}}
HAPROXY_CFG
  } || ! chmod 0644 "$staged" || ! sync "$staged"; then
    fail 5 "cannot write the configuration for $target to $staged (disk full?); nothing changed, traffic stays where it was"
  fi
fi

phase=flip
say "3/5 flip: ${#flip[@]} server states, one runtime session"
flipped_at=$(now_ms)
flipped=1
answer="$(runtime "${flip[@]}")" || fail 3 "cannot reach the runtime API at $runtime_address"
refused="$(grep '[[:alnum:]]' <<<"$answer" || true)"
[ -z "$refused" ] || fail 3 "the proxy refused part of the flip: $refused; run this script again to finish it"

phase=persist
if [ -n "$staged" ]; then
  say "4/5 persist: $config names $target as the active slot"
  if ! mv -f "$staged" "$config" || ! sync "$(dirname "$config")"; then
    runtime "${unflip[@]}" >/dev/null || fail 1 "cannot persist $config and cannot undo the flip: traffic is on $target while $config names $old; run this script again"
    flipped=""
    fail 6 "cannot persist $config; the flip is undone, traffic stays on $old"
  fi
  staged=""
else
  say "4/5 persist: nothing to do"
fi
persisted=1

phase=observe
say "5/5 observe: every route through the public listener $public answers from $target"
deadline=$(( $(now_ms) + observe_seconds * 1000 ))
for route in "${routes[@]}"; do
  read -r service host prefix _ <<<"$route"
  streak=0
  while (( streak < 3 )); do
    read -r status slot <<<"$(ask "$public" "$host" "$prefix" "$(left_ms "$deadline" 2000)")"
    if [ "$slot" = "$target" ]; then
      streak=$((streak + 1))
    elif (( $(left_ms "$deadline" 100) <= 0 )); then
      fail 4 "$service's route ${host#-}$prefix still answers from '${slot:-the proxy itself}' (status $status) ${observe_seconds}s after the flip"
    else
      streak=0
      sleep 0.1
    fi
  done
done
phase=record
say "switched to $target: observed $(( $(now_ms) - flipped_at )) ms after the flip"
record ok "switched to $target"
