#!/usr/bin/env bash
# The HTTPS listener's key and certificate. Rendered by infra (domain/Tls/TlsScript.cs); do not edit.
# Runs in a helper container (the proxy's image, which has openssl) that sees the proxy's files where
# the proxy does (PROXY_FILES overrides that folder). The private key is made here and never leaves
# this folder: nothing below prints it, and only the certificate request goes to standard output.
#
#   tls.sh key <name>              new key (beside the current one), its certificate request on stdout
#   tls.sh install                 certificate chain on stdin, for the newer key; the bundle HAProxy reads
#   tls.sh provided                certificate chain and then its key on stdin; the bundle
#   tls.sh self-signed <name> <days> <renew-days>
#                                  a self-signed certificate for <name> and 127.0.0.1, kept while it
#                                  has more than <renew-days> days left
# Exit status: 0 bundle written or unchanged (key: request printed), {{reload}} bundle changed under
# HAProxy (reload it to serve the new certificate), anything else a failure.
set -euo pipefail
umask 077
files="${PROXY_FILES:-{{dir}}}"
owner="${PROXY_OWNER:-{{owner}}}"
certs="$files/{{certs}}"
bundle="$certs/{{bundle}}"
key="$certs/{{key}}"
next="$certs/{{key}}.next"

fail() { printf 'tls: %s\n' "$*" >&2; exit 1; }

# Files HAProxy reads: its user only, never world-readable.
own() { chown "$owner" "$@"; chmod go-rwx "$@"; }

mkdir -p "$certs"
own "$certs"

public_key_of_certificate() { openssl x509 -noout -pubkey -in "$1" 2>/dev/null | cksum; }
public_key_of_key() { openssl pkey -pubout -in "$1" 2>/dev/null | cksum; }

# bundle_from <certificate file> <key file>: cert chain then key, in a temp file beside the bundle,
# synced, then renamed over it. Exit status {{reload}} when the bundle changed.
bundle_from() {
  [ "$(public_key_of_certificate "$1")" = "$(public_key_of_key "$2")" ] \
    || fail "the certificate does not belong to the key"
  local tmp
  tmp="$(mktemp "$bundle.XXXXXX")" || fail "cannot create a file in $certs"
  { cat "$1"; cat "$2"; } >"$tmp" || { rm -f "$tmp"; fail "cannot write $tmp (disk full?)"; }
  own "$tmp"
  sync "$tmp"
  if [ -f "$bundle" ] && [ "$(cksum <"$tmp")" = "$(cksum <"$bundle")" ]; then
    rm -f "$tmp"
    echo "tls: certificate unchanged" >&2
    return 0
  fi
  mv -f "$tmp" "$bundle"
  sync "$certs"
  echo "tls: certificate installed, expires $(openssl x509 -noout -enddate -in "$1" | cut -d= -f2)" >&2
  return {{reload}}
}

new_key() {
  local tmp
  tmp="$(mktemp "$1.XXXXXX")"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp" 2>/dev/null || { rm -f "$tmp"; fail "openssl could not make a key"; }
  own "$tmp"
  sync "$tmp"
  mv -f "$tmp" "$1"
}

# Reads one or more PEM certificates from stdin into <file>; fails on anything else, a key above all.
read_chain() {
  cat >"$1"
  ! grep -q 'PRIVATE KEY' "$1" || fail "a private key came where only certificates belong"
  openssl x509 -noout -in "$1" 2>/dev/null || fail "standard input holds no PEM certificate"
}

step="${1:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
case "$step" in
  key)
    name="${2:?tls.sh key needs the certificate name}"
    new_key "$next"
    openssl req -new -sha256 -key "$next" -subj "/CN=$name"
    ;;
  install)
    read_chain "$work/chain.pem"
    # The newest key first: a fresh request; the current key when the same certificate comes again.
    for candidate in "$next" "$key"; do
      [ -f "$candidate" ] || continue
      [ "$(public_key_of_certificate "$work/chain.pem")" = "$(public_key_of_key "$candidate")" ] || continue
      status=0
      bundle_from "$work/chain.pem" "$candidate" || status=$?
      [ "$status" = 0 ] || [ "$status" = {{reload}} ] || exit "$status"
      [ "$candidate" = "$key" ] || mv -f "$next" "$key"
      exit "$status"
    done
    fail "no key in $certs belongs to this certificate (was the key step run on this server?)"
    ;;
  provided)
    cat >"$work/input.pem"
    sed -n '/-----BEGIN [A-Z ]*PRIVATE KEY-----/,/-----END [A-Z ]*PRIVATE KEY-----/p' "$work/input.pem" >"$work/key.pem"
    sed '/-----BEGIN [A-Z ]*PRIVATE KEY-----/,/-----END [A-Z ]*PRIVATE KEY-----/d' "$work/input.pem" >"$work/chain.pem"
    [ -s "$work/key.pem" ] || fail "standard input holds no private key after the certificate"
    openssl x509 -noout -in "$work/chain.pem" 2>/dev/null || fail "standard input holds no PEM certificate"
    cp "$work/key.pem" "$key.tmp" && own "$key.tmp" && mv -f "$key.tmp" "$key"
    bundle_from "$work/chain.pem" "$key"
    ;;
  self-signed)
    name="${2:?}" days="${3:?}" renew="${4:?}"
    if [ -f "$bundle" ] && openssl x509 -noout -checkend $((renew * 86400)) -in "$bundle" >/dev/null 2>&1; then
      echo "tls: self-signed certificate kept, expires $(openssl x509 -noout -enddate -in "$bundle" | cut -d= -f2)" >&2
      exit 0
    fi
    new_key "$key"
    openssl req -x509 -new -sha256 -key "$key" -days "$days" -subj "/CN=$name" \
      -addext "subjectAltName=DNS:$name,IP:127.0.0.1" -out "$work/self.pem" 2>/dev/null \
      || fail "openssl could not make the self-signed certificate"
    bundle_from "$work/self.pem" "$key"
    ;;
  *)
    fail "unknown step '$step'; use key, install, provided or self-signed"
    ;;
esac
