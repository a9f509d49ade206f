#!/usr/bin/env bash
# Switches stack 'prod' to the green slot without failing a request. Rendered by infra
# (domain/Proxy/SwitchScript.cs) for this target; do not edit.
#
#   1. verify   every routed service answers its health path in green, asked through the preview
#               listener, within VERIFY_SECONDS; otherwise nothing changes and the unhealthy services are named
#   2. stage    the configuration rendered for green is written and synced to a temp file beside
#               haproxy.cfg; if that fails (e.g. a full disk) nothing changes
#   3. flip     one runtime-API session: per backend green ready, then blue maint. No reload: client
#               connections stay open, and requests in flight on blue complete there
#   4. persist  the staged file replaces haproxy.cfg (rename), so a restart of the proxy or the server
#               keeps green; if even that fails, the flip is undone and nothing changes
#   5. observe  every route, asked through the public listener, is answered by green only
#
# Switching to the slot that is already active changes nothing, and still verifies and observes.
# The switch keeps its own record beside haproxy.cfg, last-switch (time, result, target, phase, pid,
# message; replaced in one rename): `running` while it runs, then `ok`, `failed` or `interrupted`.
# Stopped by SIGTERM, SIGINT or SIGHUP it undoes a flip that is not persisted yet, so traffic and
# haproxy.cfg agree, and records `interrupted`. Killed outright it leaves `running` with its phase:
# the next run says so, removes what it left (staged files) and finishes the job by itself.
# Runs in a helper container that shares the proxy's network namespace and sees its files where the
# proxy does; it needs bash, coreutils and grep (and uses flock when present), nothing else. Settings, with those defaults:
#   HAPROXY_RUNTIME  runtime API (TCP)         127.0.0.1:9999
#   HAPROXY_CONFIG   haproxy.cfg to replace    /usr/local/etc/haproxy/haproxy.cfg
#   PROXY_PUBLIC     public routes             127.0.0.1:9998
#   PROXY_PREVIEW    preview listener          127.0.0.1:8080
#   VERIFY_SECONDS   deadline of step 1        60
#   OBSERVE_SECONDS  deadline of step 5        10
# Exit status: 0 switched, 2 not healthy, 3 flip refused, 4 not observed, 5 new configuration not
# written, 6 not persisted (flip undone), 1 other. With 2, 5 and 6 traffic stays on the slot it was on.
set -euo pipefail

target=green
old=blue
runtime_address="${HAPROXY_RUNTIME:-127.0.0.1:9999}"
config="${HAPROXY_CONFIG:-/usr/local/etc/haproxy/haproxy.cfg}"
public="${PROXY_PUBLIC:-127.0.0.1:9998}"
preview="${PROXY_PREVIEW:-127.0.0.1:8080}"
verify_seconds="${VERIFY_SECONDS:-60}"
observe_seconds="${OBSERVE_SECONDS:-10}"

# Every routed service: name, host ("-" for any), the path prefix its route matches, health path.
routes=(
  'chat acme.example /ws /health'
  'admin admin.acme.example / /health'
  'api - /api /health'
  'web - / /health'
)

# Step 3's session, in this order.
flip=(
  'set server chat/green state ready'
  'set server chat/blue state maint'
  'set server chat_preview/blue state ready'
  'set server chat_preview/green state maint'
  'set server admin/green state ready'
  'set server admin/blue state maint'
  'set server admin_preview/blue state ready'
  'set server admin_preview/green state maint'
  'set server api/green state ready'
  'set server api/blue state maint'
  'set server api_preview/blue state ready'
  'set server api_preview/green state maint'
  'set server web/green state ready'
  'set server web/blue state maint'
  'set server web_preview/blue state ready'
  'set server web_preview/green state maint'
)

# The same servers back as they were, should step 4 fail after the flip.
unflip=(
  'set server chat/blue state ready'
  'set server chat/green state maint'
  'set server chat_preview/green state ready'
  'set server chat_preview/blue state maint'
  'set server admin/blue state ready'
  'set server admin/green state maint'
  'set server admin_preview/green state ready'
  'set server admin_preview/blue state maint'
  'set server api/blue state ready'
  'set server api/green state maint'
  'set server api_preview/green state ready'
  'set server api_preview/blue state maint'
  'set server web/blue state ready'
  'set server web/green state maint'
  'set server web_preview/green state ready'
  'set server web_preview/blue state maint'
)

record_file="$(dirname "$config")/last-switch"
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

# HTTP and TCP with bash alone (its /dev/tcp), for helper scripts that must not assume curl or socat.
# Part of rendered scripts (domain/Hosting/Templates/http.sh); every wait here has a deadline.

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# <ms> as seconds for timeout(1), e.g. 1500 -> 1.500.
as_seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# http_get <host:port> <Host header> <path>: prints "<status> <x-slot header>" of one GET.
http_get() {
  local address=$1 host=$2 path=$3 status="" slot="" line
  exec 3<>"/dev/tcp/${address%:*}/${address##*:}" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: infra-probe\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
  IFS=' ' read -r _ status _ <&3 || return 1
  while IFS= read -r line <&3; do
    line=${line%$'\r'}
    [ -n "$line" ] || break
    case "${line,,}" in
      x-slot:*) slot=${line#*:}; slot=${slot# } ;;
    esac
  done
  exec 3<&-
  printf '%s %s\n' "$status" "$slot"
}

# ask <host:port> <Host header, "-" for the address> <path> <ms>: http_get bounded by <ms>;
# prints "000 " when nothing answered in time.
ask() {
  local address=$1 host=$2 path=$3 ms=$4
  [ "$host" != - ] || host=$address
  (( ms > 0 )) || { echo "000 "; return 0; }
  timeout "$(as_seconds "$ms")" bash -c "$(declare -f http_get); http_get \"\$@\"" ask "$address" "$host" "$path" 2>/dev/null || echo "000 "
}

# tcp_session <host:port> <ms> <line>...: sends the lines on one connection, prints everything the
# peer answers until it closes; fails when it cannot connect or the peer takes longer than <ms>.
tcp_session() {
  local address=$1 ms=$2
  shift 2
  (( ms > 0 )) || return 1
  # shellcheck disable=SC2016 # the inner script expands its own arguments
  timeout "$(as_seconds "$ms")" bash -c '
    exec 3<>"/dev/tcp/${1%:*}/${1##*:}" || exit 1
    shift
    printf "%s\n" "$@" >&3
    cat <&3' tcp_session "$address" "$@"
}

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
    read -r status slot <<<"$(ask "$preview" - "/.infra/probe/$target/$service" "$(left_ms "$deadline" 2000)")"
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
# haproxy.cfg of stack 'prod', rendered by infra (domain/Proxy/HaproxyConfig.cs); do not edit.
# Active slot: green. The idle slot's servers carry `disabled`. A switch flips the servers
# through the runtime API (never a reload) and then replaces this file, so that a restart of
# the proxy or the server keeps the active slot. No server-state file: this file is the record.

global
    log stdout format raw local0 info
    # The runtime API the switch script flips slots through: loopback inside the proxy's own network
    # namespace, reached only by a helper container that shares it. Never published.
    stats socket ipv4@127.0.0.1:9999 level admin
    stats timeout 30s

resolvers docker
    # Docker's embedded DNS: a slot's container is found by name, again after it is recreated.
    nameserver docker 127.0.0.11:53
    resolve_retries 3
    timeout resolve 1s
    timeout retry 1s
    hold valid 10s

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option forwardfor
    # Keep-alive on both sides, HAProxy's default (http-server-close would only add a server
    # connection per request). Every request is balanced anew, so after a switch the next request
    # on an open client connection goes to the new slot while the connection stays open.
    timeout connect 5s
    timeout http-request 10s
    # Cloudflare's read timeout towards origins.
    timeout server 100s
    # An idle connection ends at the lower of these two. Longer than Cloudflare's 900 s idle
    # timeout towards origins: the client closes first, so no request races HAProxy closing it.
    timeout client 910s
    timeout http-keep-alive 910s
    # Upgraded connections (WebSockets) are tunnels and may stay quiet for long.
    timeout tunnel 1h
    # On a reload (a new certificate, new routes) the old processes answer the next request on each idle
    # keep-alive connection with "Connection: close" instead of closing it under a client that may be
    # sending: no request is lost (they linger while such connections stay idle, up to the timeouts).
    option idle-close-on-response
    # A slot's container may not exist (an empty idle slot): start anyway, the server waiting for DNS.
    default-server init-addr last,libc,none resolvers docker inter 2s fall 3 rise 2

frontend public
    # TLS ends here: the certificate chain and key in one PEM, made by the stack (infra:tls.source originCa).
    # Authenticated Origin Pulls: only a client with a certificate from Cloudflare's origin-pull CA
    # completes the handshake, so the origin answers Cloudflare and nobody else.
    bind :443 ssl crt /usr/local/etc/haproxy/certs/origin.pem verify required ca-file /usr/local/etc/haproxy/origin-pull-ca.pem ssl-min-ver TLSv1.2 alpn h2,http/1.1
    # Plain HTTP on loopback inside the proxy's namespace: the switch script observes the routes here.
    bind 127.0.0.1:9998
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-response set-header Strict-Transport-Security "max-age=31536000" if { ssl_fc }
    acl chat_host hdr(host),field(1,:) -i acme.example
    acl chat_path path /ws
    acl chat_path path_beg /ws/
    acl admin_host hdr(host),field(1,:) -i admin.acme.example
    acl api_path path /api
    acl api_path path_beg /api/
    use_backend chat if chat_host chat_path
    use_backend admin if admin_host
    use_backend api if api_path
    default_backend web

frontend http
    # Plain HTTP answers only with a redirect to HTTPS, same host and path.
    bind :80
    http-request redirect code 301 location https://%[req.hdr(host),field(1,:)]%[capture.req.uri]

frontend preview
    # The idle slot, to be checked before it is promoted (the firewall admits admins only).
    bind :8080
    # The switch script's health probes: /.infra/probe/<slot>/<service> asks that slot's health path.
    use_backend chat_probe if { path /.infra/probe/blue/chat /.infra/probe/green/chat }
    use_backend admin_probe if { path /.infra/probe/blue/admin /.infra/probe/green/admin }
    use_backend api_probe if { path /.infra/probe/blue/api /.infra/probe/green/api }
    use_backend web_probe if { path /.infra/probe/blue/web /.infra/probe/green/web }
    acl chat_host hdr(host),field(1,:) -i acme.example
    acl chat_path path /ws
    acl chat_path path_beg /ws/
    acl admin_host hdr(host),field(1,:) -i admin.acme.example
    acl api_path path /api
    acl api_path path_beg /api/
    use_backend chat_preview if chat_host chat_path
    use_backend admin_preview if admin_host
    use_backend api_preview if api_path
    default_backend web_preview

backend chat
    # chat in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host acme.example
    http-response set-header X-Slot %[srv_name]
    server blue chat-blue:3004 check disabled
    server green chat-green:3004 check

backend chat_preview
    # chat in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host acme.example
    http-response set-header X-Slot %[srv_name]
    server blue chat-blue:3004 check
    server green chat-green:3004 check disabled

backend chat_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    http-request set-header Host acme.example
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue chat-blue:3004
    server green chat-green:3004

backend admin
    # admin in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host admin.acme.example
    http-response set-header X-Slot %[srv_name]
    server blue admin-blue:4000 check disabled
    server green admin-green:4000 check

backend admin_preview
    # admin in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host admin.acme.example
    http-response set-header X-Slot %[srv_name]
    server blue admin-blue:4000 check
    server green admin-green:4000 check disabled

backend admin_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    http-request set-header Host admin.acme.example
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue admin-blue:4000
    server green admin-green:4000

backend api
    # api in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host api
    http-response set-header X-Slot %[srv_name]
    server blue api-blue:8000 check disabled
    server green api-green:8000 check

backend api_preview
    # api in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host api
    http-response set-header X-Slot %[srv_name]
    server blue api-blue:8000 check
    server green api-green:8000 check disabled

backend api_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue api-blue:8000
    server green api-green:8000

backend web
    # web in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host web
    http-response set-header X-Slot %[srv_name]
    server blue web-blue:3000 check disabled
    server green web-green:3000 check

backend web_preview
    # web in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host web
    http-response set-header X-Slot %[srv_name]
    server blue web-blue:3000 check
    server green web-green:3000 check disabled

backend web_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue web-blue:3000
    server green web-green:3000
HAPROXY_CFG
)" ]; then
  say "2/5 stage: $config already names $target"
else
  say "2/5 stage: the configuration for $target, written beside $config before anything flips"
  staged="$(mktemp "$config.XXXXXX")" || fail 5 "cannot create a file beside $config; nothing changed, traffic stays where it was"
  if ! { cat >"$staged" <<'HAPROXY_CFG'
# haproxy.cfg of stack 'prod', rendered by infra (domain/Proxy/HaproxyConfig.cs); do not edit.
# Active slot: green. The idle slot's servers carry `disabled`. A switch flips the servers
# through the runtime API (never a reload) and then replaces this file, so that a restart of
# the proxy or the server keeps the active slot. No server-state file: this file is the record.

global
    log stdout format raw local0 info
    # The runtime API the switch script flips slots through: loopback inside the proxy's own network
    # namespace, reached only by a helper container that shares it. Never published.
    stats socket ipv4@127.0.0.1:9999 level admin
    stats timeout 30s

resolvers docker
    # Docker's embedded DNS: a slot's container is found by name, again after it is recreated.
    nameserver docker 127.0.0.11:53
    resolve_retries 3
    timeout resolve 1s
    timeout retry 1s
    hold valid 10s

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option forwardfor
    # Keep-alive on both sides, HAProxy's default (http-server-close would only add a server
    # connection per request). Every request is balanced anew, so after a switch the next request
    # on an open client connection goes to the new slot while the connection stays open.
    timeout connect 5s
    timeout http-request 10s
    # Cloudflare's read timeout towards origins.
    timeout server 100s
    # An idle connection ends at the lower of these two. Longer than Cloudflare's 900 s idle
    # timeout towards origins: the client closes first, so no request races HAProxy closing it.
    timeout client 910s
    timeout http-keep-alive 910s
    # Upgraded connections (WebSockets) are tunnels and may stay quiet for long.
    timeout tunnel 1h
    # On a reload (a new certificate, new routes) the old processes answer the next request on each idle
    # keep-alive connection with "Connection: close" instead of closing it under a client that may be
    # sending: no request is lost (they linger while such connections stay idle, up to the timeouts).
    option idle-close-on-response
    # A slot's container may not exist (an empty idle slot): start anyway, the server waiting for DNS.
    default-server init-addr last,libc,none resolvers docker inter 2s fall 3 rise 2

frontend public
    # TLS ends here: the certificate chain and key in one PEM, made by the stack (infra:tls.source originCa).
    # Authenticated Origin Pulls: only a client with a certificate from Cloudflare's origin-pull CA
    # completes the handshake, so the origin answers Cloudflare and nobody else.
    bind :443 ssl crt /usr/local/etc/haproxy/certs/origin.pem verify required ca-file /usr/local/etc/haproxy/origin-pull-ca.pem ssl-min-ver TLSv1.2 alpn h2,http/1.1
    # Plain HTTP on loopback inside the proxy's namespace: the switch script observes the routes here.
    bind 127.0.0.1:9998
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-response set-header Strict-Transport-Security "max-age=31536000" if { ssl_fc }
    acl chat_host hdr(host),field(1,:) -i acme.example
    acl chat_path path /ws
    acl chat_path path_beg /ws/
    acl admin_host hdr(host),field(1,:) -i admin.acme.example
    acl api_path path /api
    acl api_path path_beg /api/
    use_backend chat if chat_host chat_path
    use_backend admin if admin_host
    use_backend api if api_path
    default_backend web

frontend http
    # Plain HTTP answers only with a redirect to HTTPS, same host and path.
    bind :80
    http-request redirect code 301 location https://%[req.hdr(host),field(1,:)]%[capture.req.uri]

frontend preview
    # The idle slot, to be checked before it is promoted (the firewall admits admins only).
    bind :8080
    # The switch script's health probes: /.infra/probe/<slot>/<service> asks that slot's health path.
    use_backend chat_probe if { path /.infra/probe/blue/chat /.infra/probe/green/chat }
    use_backend admin_probe if { path /.infra/probe/blue/admin /.infra/probe/green/admin }
    use_backend api_probe if { path /.infra/probe/blue/api /.infra/probe/green/api }
    use_backend web_probe if { path /.infra/probe/blue/web /.infra/probe/green/web }
    acl chat_host hdr(host),field(1,:) -i acme.example
    acl chat_path path /ws
    acl chat_path path_beg /ws/
    acl admin_host hdr(host),field(1,:) -i admin.acme.example
    acl api_path path /api
    acl api_path path_beg /api/
    use_backend chat_preview if chat_host chat_path
    use_backend admin_preview if admin_host
    use_backend api_preview if api_path
    default_backend web_preview

backend chat
    # chat in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host acme.example
    http-response set-header X-Slot %[srv_name]
    server blue chat-blue:3004 check disabled
    server green chat-green:3004 check

backend chat_preview
    # chat in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host acme.example
    http-response set-header X-Slot %[srv_name]
    server blue chat-blue:3004 check
    server green chat-green:3004 check disabled

backend chat_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    http-request set-header Host acme.example
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue chat-blue:3004
    server green chat-green:3004

backend admin
    # admin in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host admin.acme.example
    http-response set-header X-Slot %[srv_name]
    server blue admin-blue:4000 check disabled
    server green admin-green:4000 check

backend admin_preview
    # admin in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host admin.acme.example
    http-response set-header X-Slot %[srv_name]
    server blue admin-blue:4000 check
    server green admin-green:4000 check disabled

backend admin_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    http-request set-header Host admin.acme.example
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue admin-blue:4000
    server green admin-green:4000

backend api
    # api in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host api
    http-response set-header X-Slot %[srv_name]
    server blue api-blue:8000 check disabled
    server green api-green:8000 check

backend api_preview
    # api in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host api
    http-response set-header X-Slot %[srv_name]
    server blue api-blue:8000 check
    server green api-green:8000 check disabled

backend api_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue api-blue:8000
    server green api-green:8000

backend web
    # web in the active slot (green).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host web
    http-response set-header X-Slot %[srv_name]
    server blue web-blue:3000 check disabled
    server green web-green:3000 check

backend web_preview
    # web in the idle slot (blue).
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host web
    http-response set-header X-Slot %[srv_name]
    server blue web-blue:3000 check
    server green web-green:3000 check disabled

backend web_probe
    # Health probes for either slot: the slot comes from the probe path, then the request asks the health path.
    # The switch script retries; a stopped container must answer at once, not after delayed retries here.
    retries 0
    http-request set-var(txn.probe_slot) path,field(4,/)
    http-request set-uri /health
    use-server blue if { var(txn.probe_slot) -m str blue }
    use-server green if { var(txn.probe_slot) -m str green }
    http-response set-header X-Slot %[srv_name]
    server blue web-blue:3000
    server green web-green:3000
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
