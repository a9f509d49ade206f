# HTTP and TCP with bash alone (its /dev/tcp), for helper scripts that must not assume curl or socat.
# Part of rendered scripts (domain/Hosting/Templates/http.sh); every wait here has a deadline.

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# <ms> as seconds for timeout(1), e.g. 1500 -> 1.500.
as_seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# http_get <host:port> <Host header> <path>: prints "<status> <{{slotHeader}} header>" of one GET.
http_get() {
  local address=$1 host=$2 path=$3 status="" slot="" line
  exec 3<>"/dev/tcp/${address%:*}/${address##*:}" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: infra-probe\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
  IFS=' ' read -r _ status _ <&3 || return 1
  while IFS= read -r line <&3; do
    line=${line%$'\r'}
    [ -n "$line" ] || break
    case "${line,,}" in
      {{slotHeader}}:*) slot=${line#*:}; slot=${slot# } ;;
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
