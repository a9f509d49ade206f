#!/usr/bin/env bash
# Runs {{script}} of stack '{{stack}}' in its backup helper container (domain/Hosting/BackupTools.cs):
# the host needs only docker. Rendered by infra; do not edit.
set -eu
exec {{run}}
