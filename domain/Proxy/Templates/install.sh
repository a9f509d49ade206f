#!/usr/bin/env bash
# Installs the proxy's files: both switch scripts, haproxy.cfg rendered for each slot, and haproxy.cfg
# itself, which keeps the slot the file on disk names (only a switch script moves traffic). Rendered by
# infra (domain/Proxy/ProxyInstall.cs); do not edit. Runs in a helper container that sees the proxy's
# files where the proxy does (PROXY_FILES overrides that folder).
# Exit status: 0 haproxy.cfg installed or unchanged, {{reload}} haproxy.cfg changed under a proxy that
# must reload it (routes changed), anything else a failure.
set -euo pipefail
umask 022
dir="${PROXY_FILES:-{{dir}}}"

mkdir -p "$dir/{{bin}}" "$dir/{{rendered}}"

# write <file under $dir> <mode>: its content from stdin, in a temp file beside it, synced, then renamed.
write() {
  local tmp
  tmp="$(mktemp "$dir/$1.XXXXXX")"
  cat >"$tmp" || { rm -f "$tmp"; return 1; }
  chmod "$2" "$tmp"
  sync "$tmp"
  mv -f "$tmp" "$dir/$1"
}

{{writes}}
sync "$dir/{{bin}}" "$dir/{{rendered}}"

config="$dir/{{config}}"
# The file on disk names the active slot; only a switch script changes it. A first install starts
# on {{first}}; the switch step that follows moves traffic to the configured slot once it is healthy.
slot=""
if [ -f "$config" ]; then
  slot="$(sed -n 's/^{{activeSlotMark}}\({{slots}}\)\..*/\1/p' "$config" | head -n 1)"
fi
slot="${slot:-{{first}}}"
rendered="$dir/{{rendered}}/{{renderedConfig}}"
if [ -f "$config" ] && [ "$(cksum <"$rendered")" = "$(cksum <"$config")" ]; then
  echo "proxy: haproxy.cfg unchanged (active slot $slot)"
  exit 0
fi
existed=false
[ ! -f "$config" ] || existed=true
write "{{config}}" 0644 <"$rendered"
sync "$dir"
if [ "$existed" = true ]; then
  echo "proxy: routes changed, haproxy.cfg rewritten (active slot $slot)"
  exit {{reload}}
fi
echo "proxy: haproxy.cfg installed (active slot $slot)"
