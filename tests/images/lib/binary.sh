# shellcheck shell=bash
# Sourced by the build scripts of stand-ins made of this machine's own binaries (not run by itself).

# binary_libraries <binary>: the shared libraries it loads (with the loader), one per line; nothing
# for a static binary.
binary_libraries() {
  ldd "$1" 2>/dev/null | grep -o '/[^ ]*' | sort -u || true
}

# copy_binary <binary> <root> <path in root>: the binary at that path, with every library it loads
# at the same path as on this machine.
copy_binary() {
  local binary="$1" root="$2" target="$3" lib
  mkdir -p "$root$(dirname "$target")"
  cp -L "$binary" "$root$target"
  for lib in $(binary_libraries "$binary"); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}
