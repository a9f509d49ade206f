#!/usr/bin/env bash
# Asks the proxy's runtime API, read-only, and prints its answers. Rendered by infra
# (domain/Proxy/RuntimeQuery.cs) for `release status`; do not edit. Runs in a helper container that
# shares the proxy's network namespace, where the API listens on {{runtime}}.
set -euo pipefail

{{httpTools}}

tcp_session "${HAPROXY_RUNTIME:-{{runtime}}}" {{milliseconds}} {{commands}} ||
  { echo "cannot reach the proxy's runtime API at ${HAPROXY_RUNTIME:-{{runtime}}}" >&2; exit 1; }
