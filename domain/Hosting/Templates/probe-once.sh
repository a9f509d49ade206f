#!/usr/bin/env bash
# Asks each target's health path once, from outside its container, over the stack's private network,
# and prints one line per target: "<alias> <status>" (000 when nothing answered within {{milliseconds}} ms).
# Rendered by infra (domain/Hosting/StatusProbe.cs) for `release status`; do not edit.
set -euo pipefail

{{httpTools}}

# alias, host:port, health path
targets=(
{{targets}}
)

for target in "${targets[@]}"; do
  read -r alias address path <<<"$target"
  read -r status _ <<<"$(ask "$address" - "$path" {{milliseconds}})"
  printf '%s %s\n' "$alias" "${status:-000}"
done
