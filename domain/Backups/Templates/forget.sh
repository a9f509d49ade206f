echo "== forget and prune by the retention policy"
restic_when_unlocked forget --prune --group-by tags{{keep}} \
{{tags}} ||
  fail "restic forget --prune failed; the new snapshots were saved"
