#!/usr/bin/env bash
# Backs up the stack now, outside its schedule.
{{settings}} exec {{backupScript}} "$@"
