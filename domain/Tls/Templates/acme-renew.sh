#!/usr/bin/env bash
# Renews the HTTPS certificate of stack '{{stack}}' from its ACME CA when one is due: none issued yet,
# one for other names or from another CA, or {{renewDays}} days or fewer left. Rendered by infra
# (domain/Tls/AcmeRenewal.cs); do not edit. Run by `pulumi up` (the proxy's ACME step) and twice a day by
# {{timer}}. Runs nothing on the host but docker:
#   1. a helper (the proxy's image) reads the installed certificate and says whether one is due, or
#      whether the client was already issued one for exactly these names and this CA that was never
#      installed (a failed install): then step 2 is skipped and the CA is not asked again;
#   2. the ACME client ({{clientImage}}), in the proxy's network namespace, registers its account
#      once, makes a new key in the proxy's files and answers the CA's HTTP-01 challenges, which
#      HAProxy passes to it from the plain-HTTP port; the key never leaves the server;
#   3. a helper puts certificate and key in the bundle HAProxy reads (mode 0600), then HAProxy
#      reloads (master-worker: the old workers finish their requests).
# Exit status: 0 kept or renewed, anything else a failure (the certificate in place goes on serving).
set -eu
status=0
{{due}}
if [ "$status" = 0 ]; then
  exit 0
elif [ "$status" = {{issuedStatus}} ]; then
  echo "acme: installing the certificate the CA already issued; the ACME client is not run" >&2
elif [ "$status" = {{dueStatus}} ]; then
  {{client}} || { status=$?; echo "acme: the ACME client failed (exit $status); the certificate in place goes on serving" >&2; exit "$status"; }
else
  echo "acme: could not read the installed certificate (exit $status)" >&2
  exit "$status"
fi
{{install}}
