# Sourced by the build scripts of the Debian-based stand-in images (not run by itself).
# One home for two facts: which Debian suite the stand-ins come from, and where its packages are
# fetched (the machine's own mirror, read from its apt configuration at run time; no host named here).
debian_suite=bookworm

# Prints the machine's Debian mirror, or fails naming what is missing.
debian_mirror() {
  local mirror
  mirror="$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
  if [ -z "$mirror" ]; then
    mirror="$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)"
  fi
  [ -n "$mirror" ] || { echo "build: no Debian mirror in this machine's apt configuration" >&2; return 1; }
  echo "$mirror"
}

# debian_rootfs <dir> <mirror> <comma-separated packages>: a minimal Debian root file system with
# those packages, without apt's caches. Prints the last lines of debootstrap's log on failure.
debian_rootfs() {
  local root="$1" mirror="$2" packages="$3"
  command -v debootstrap >/dev/null || { echo "build: needs debootstrap (apt-get install debootstrap)" >&2; return 1; }
  debootstrap --variant=minbase --include="$packages" "$debian_suite" "$root" "$mirror" >"$root.log" 2>&1 \
    || { tail -n 20 "$root.log" >&2; rm -f "$root.log"; return 1; }
  rm -f "$root.log"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
}
