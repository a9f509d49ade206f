#!/bin/sh
# Entrypoint of the local stand-in for the official HAProxy image, written from its documented
# behaviour: arguments starting with '-' are haproxy's; "haproxy ..." runs in master-worker mode
# (-W, so SIGUSR2 reloads) in the foreground (-db); anything else runs as given.
set -e
case "$1" in
  -*) set -- haproxy "$@" ;;
esac
if [ "$1" = haproxy ]; then
  shift
  set -- haproxy -W -db "$@"
fi
exec "$@"
