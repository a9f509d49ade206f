#!/usr/bin/env bash
# Installs the backup of stack '{{stack}}'. Rendered by infra (domain/Backups/BackupInstall.cs); do not edit.
set -euo pipefail
umask 022
mkdir -p {{directories}}
# The repository and its credentials come on stdin: root only, never on a command line.
rm -f {{newEnvironmentFile}}
(umask 077; cat > {{newEnvironmentFile}})
chmod 0600 {{newEnvironmentFile}}
mv -f {{newEnvironmentFile}} {{environmentFile}}
{{files}}{{schedule}}{{settings}} {{backupScript}} init
