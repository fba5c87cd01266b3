#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd unit's exposure as systemd-analyze scores it must stay below
# 2.0 (skipped, status 77, where systemd-analyze is missing).
set -euo pipefail
unit=${1:?usage: test-unit-security.sh UNIT}
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze: skipped"; exit 77; }
out=$(systemd-analyze security --offline=true "$unit" 2>&1) || true
level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[ -n "$level" ] || { printf '%s\n' "$out" | tail -5; echo "no exposure level"; exit 1; }
echo "exposure $level"
awk -v l="$level" 'BEGIN { exit !(l < 2.0) }' || { printf '%s\n' "$out" | grep '✗'; exit 1; }
