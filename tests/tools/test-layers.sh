#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The layering holds: the console links neither SQLite nor libGammu; an
# include of a folder a layer may not use fails to compile; the modules
# table of docs/ARCHITECTURE.md names exactly the folders of daemon/ and,
# for each, the folders the build lets it use.
# usage: test-layers.sh SOURCE_DIR BUILD_DIR CC
set -euo pipefail
src=$1 build=$2 cc=$3
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. The console's binary.
libs=$(ldd "$build/tiengdan")
for lib in libsqlite3 libGammu; do
  if grep -q "$lib" <<<"$libs"; then bad "tiengdan links $lib"; fi
done
grep -q libsqlite3 < <(ldd "$build/tiengdand") || bad "tiengdand does not link libsqlite3 (ldd misread?)"

# 2. Forbidden includes are compile errors, allowed ones resolve.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
folders=$(cd "$src/daemon" && ls -d */ | tr -d /)
while IFS=: read -r layer uses; do
  [ -n "$layer" ] || continue
  for f in $folders; do
    hdr=$(cd "$src/daemon/$f" && ls *.h | head -n 1)
    printf '#include "%s/%s"\n' "$f" "$hdr" >"$tmp/t.c"
    out=$("$cc" -fsyntax-only -I"$build/layers/$layer" "$tmp/t.c" 2>&1 || true)
    if [ "$f" = "$layer" ] || grep -qw "$f" <<<"$uses"; then
      [ -e "$build/layers/$layer/$f/$hdr" ] || bad "$layer may use $f but does not see $f/$hdr"
    elif ! grep -q "$f/$hdr: No such file" <<<"$out"; then
      bad "$layer includes $f/$hdr without a compile error"
    fi
  done
done <"$build/layers.txt"

# 3. docs/ARCHITECTURE.md's modules table against the folders and the build.
table=$(awk '/^## Modules/{on=1; next} on && /^## /{on=0} on && /^\| `[a-z]+\/`/' "$src/docs/ARCHITECTURE.md")
for f in $folders; do
  row=$(grep "^| \`$f/\`" <<<"$table" || true)
  [ -n "$row" ] || { bad "docs/ARCHITECTURE.md has no row for daemon/$f/"; continue; }
  [ -d "$build/layers/$f" ] || bad "daemon/$f/ is not a library of the build"
  doc=$(awk -F'|' '{print $4}' <<<"$row" | { grep -o '`[a-z]*/`' || true; } | tr -d '`/' | sort | tr '\n' ' ')
  built=$(grep "^$f:" "$build/layers.txt" | cut -d: -f2 | tr ' ' '\n' | grep . | sort | tr '\n' ' ' || true)
  [ "$doc" = "$built" ] || bad "daemon/$f/ uses [$built] in the build, [$doc] in docs/ARCHITECTURE.md"
done
while read -r row; do
  f=$(grep -o '^| `[a-z]*/`' <<<"$row" | tr -d '|` /')
  [ -d "$src/daemon/$f" ] || bad "docs/ARCHITECTURE.md names $f/, which daemon/ does not have"
done <<<"$table"

[ $fail = 0 ] && echo "layers: $(wc -l <"$build/layers.txt") libraries, the table and the build agree"
exit $fail
