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
#   tls.sh placeholder <name>      a self-signed certificate for <name> only while there is no bundle:
#                                  HAProxy starts on it and passes the ACME challenges before the first
#                                  ACME certificate comes
#   tls.sh acme-due <renew-days> <directory> <name>...
#                                  exit {{due}} when the ACME client must be issued a certificate: none
#                                  yet from <directory> for exactly these names, or <renew-days> or fewer
#                                  days left; {{issued}} when the client was already issued one for
#                                  exactly this request that was never installed (install it, do not
#                                  ask the CA again); 0 when the installed one is kept
#   tls.sh acme-install <directory> <name>...
#                                  the bundle from what the ACME client wrote in {{acme}}/ for these
#                                  names; lego's own copies of key and certificate are removed after
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
# The ACME client's account and its latest issue; root's only (HAProxy's user cannot read it).
acme="$files/{{acme}}"
# What the installed ACME certificate was issued for: the directory and the names.
issued_for="$acme/issued-for"
# What the ACME client was last asked for (written before it runs): the directory and the names.
requested_for="$acme/{{requestedFor}}"
# Where the client leaves what it is issued, named after the first name; the bundle takes it from there.
issued_folder="$acme/{{issuedFolder}}"

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

# self_signed <name> <days> <extra subjectAltName>: key and self-signed certificate into the bundle.
self_signed() {
  new_key "$key"
  openssl req -x509 -new -sha256 -key "$key" -days "$2" -subj "/CN=$1" \
    -addext "subjectAltName=DNS:$1$3" -out "$work/self.pem" 2>/dev/null \
    || fail "openssl could not make the self-signed certificate"
  bundle_from "$work/self.pem" "$key"
}

new_key() {
  local tmp
  tmp="$(mktemp "$1.XXXXXX")"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp" 2>/dev/null || { rm -f "$tmp"; fail "openssl could not make a key"; }
  own "$tmp"
  sync "$tmp"
  mv -f "$tmp" "$1"
}

# covers_names <certificate file> <name>...: the certificate names every one of them (subjectAltName).
covers_names() {
  local certificate="$1" names name
  shift
  names="$(openssl x509 -noout -ext subjectAltName -in "$certificate" 2>/dev/null | tr ',' '\n' | sed -n 's/^ *DNS://p')" || return 1
  for name in "$@"; do
    printf '%s\n' "$names" | grep -qxF -- "$name" || return 1
  done
}

# request_of <directory> <name>...: an ACME request as requested-for and issued-for record it.
request_of() {
  printf '%s\n' "$*"
}

# waiting_issue <renew-days> <directory> <name>...: what the client left in $issued_folder was issued
# for exactly this request (requested-for), names every name, has more than <renew-days> days left, and
# its key belongs to it. Prints why not on stderr.
waiting_issue() {
  local renew="$1" directory="$2"
  shift 2
  local issued="$issued_folder/$1"
  [ -f "$issued.crt" ] || [ -f "$issued.key" ] || return 1
  if [ ! -f "$requested_for" ] || [ "$(cat "$requested_for")" != "$(request_of "$directory" "$@")" ]; then
    echo "tls: the certificate the ACME client left was not asked for '$(request_of "$directory" "$@")'" >&2
    return 1
  fi
  if [ ! -f "$issued.crt" ] || [ ! -f "$issued.key" ]; then
    echo "tls: the ACME client left a certificate or a key, not both" >&2
    return 1
  fi
  if ! openssl x509 -noout -checkend $((renew * 86400)) -in "$issued.crt" >/dev/null 2>&1; then
    echo "tls: the certificate the ACME client left expires within $renew days (or is unreadable)" >&2
    return 1
  fi
  if ! covers_names "$issued.crt" "$@"; then
    echo "tls: the certificate the ACME client left does not name every one of: $*" >&2
    return 1
  fi
  if [ "$(public_key_of_certificate "$issued.crt")" != "$(public_key_of_key "$issued.key")" ]; then
    echo "tls: the certificate the ACME client left does not belong to the key beside it" >&2
    return 1
  fi
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
    self_signed "$name" "$days" ",IP:127.0.0.1"
    ;;
  placeholder)
    name="${2:?tls.sh placeholder needs the certificate name}"
    if [ -f "$bundle" ]; then
      echo "tls: certificate in place, expires $(openssl x509 -noout -enddate -in "$bundle" | cut -d= -f2)" >&2
      exit 0
    fi
    echo "tls: no certificate yet; a self-signed placeholder for $name until the ACME CA issues one" >&2
    self_signed "$name" 2 ""
    ;;
  acme-due)
    renew="${2:?}" directory="${3:?}"
    shift 3
    [ "$#" -gt 0 ] || fail "tls.sh acme-due needs the certificate's names"
    mkdir -p "$acme"
    chmod 0700 "$acme"
    # Issued earlier but never installed (the install failed after the client succeeded): install that
    # one; asking the CA again for the same names runs into its duplicate-certificate rate limit.
    if waiting_issue "$renew" "$directory" "$@"; then
      echo "tls: ACME certificate issued but not installed, expires $(openssl x509 -noout -enddate -in "$issued_folder/$1.crt" | cut -d= -f2); installing it without asking the CA" >&2
      exit {{issued}}
    fi
    # Anything else the client left is stale (other names, another directory, too old, a key that
    # does not belong): removed, so that no install ever takes it.
    if [ -d "$issued_folder" ] && [ -n "$(ls -A "$issued_folder")" ]; then
      echo "tls: stale ACME client copies removed from $issued_folder" >&2
      rm -f "$issued_folder"/*
    fi
    request="$(request_of "$directory" "$@")"
    due() {
      echo "tls: ACME certificate due: $1" >&2
      # Recorded before the client runs: its certificate is installed for this request only.
      printf '%s\n' "$request" >"$requested_for.tmp"
      mv -f "$requested_for.tmp" "$requested_for"
      exit {{due}}
    }
    if [ ! -f "$bundle" ] || [ ! -f "$issued_for" ]; then
      due "none issued yet"
    fi
    if [ "$(cat "$issued_for")" != "$request" ]; then
      due "the installed one was issued for '$(cat "$issued_for")', not '$request'"
    fi
    expires="$(openssl x509 -noout -enddate -in "$bundle" | cut -d= -f2)"
    if ! openssl x509 -noout -checkend $((renew * 86400)) -in "$bundle" >/dev/null 2>&1; then
      due "it expires $expires, within $renew days"
    fi
    echo "tls: ACME certificate kept, expires $expires" >&2
    ;;
  acme-install)
    directory="${2:?}"
    shift 2
    [ "$#" -gt 0 ] || fail "tls.sh acme-install needs the certificate's names"
    issued="$issued_folder/$1"
    if [ ! -f "$issued.crt" ] || [ ! -f "$issued.key" ]; then
      fail "the ACME client left no certificate for $1 in $issued_folder"
    fi
    covers_names "$issued.crt" "$@" || fail "the certificate in $issued_folder does not name every one of: $*"
    # Whatever modes the client gave its account and certificate keys: root's only.
    chmod -R go-rwx "$acme"
    rm -f "$key.tmp"
    { cp "$issued.key" "$key.tmp" && own "$key.tmp" && mv -f "$key.tmp" "$key"; } \
      || { rm -f "$key.tmp"; fail "cannot write the key in $certs (disk full?)"; }
    status=0
    bundle_from "$issued.crt" "$key" || status=$?
    [ "$status" = 0 ] || [ "$status" = {{reload}} ] || exit "$status"
    request_of "$directory" "$@" >"$issued_for.tmp"
    mv -f "$issued_for.tmp" "$issued_for"
    # The bundle is the key's one home from here on; the request is answered.
    rm -f "$issued.crt" "$issued.key" "$issued.issuer.crt" "$issued.json" "$requested_for"
    exit "$status"
    ;;
  *)
    fail "unknown step '$step'; use key, install, provided, self-signed, placeholder, acme-due or acme-install"
    ;;
esac
