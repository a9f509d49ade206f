#!/usr/bin/env bash
# Backs up the local stack now (nothing is scheduled on a developer's machine).
{{settings}} exec {{backupScript}} "$@"
