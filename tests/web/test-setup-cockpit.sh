#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tiengdan setup --cockpit: says what it would run with --dry-run, runs
# `systemctl enable --now cockpit.socket` (a recording systemctl first on
# PATH stands in for systemd), and fails clearly when systemctl fails.
set -u
console=$1
[ -x /usr/lib/cockpit/cockpit-ws ] || { echo "SKIP: cockpit-ws is not installed"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'modems = ();\n' >"$dir/tiengdan.conf"
cat >"$dir/systemctl" <<'EOS'
#!/bin/sh
echo "$@" >>"$(dirname "$0")/calls"
exit "${FAKE_SYSTEMCTL_STATUS:-0}"
EOS
chmod +x "$dir/systemctl"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

out=$(PATH="$dir:$PATH" "$console" -c "$dir/tiengdan.conf" --lang en setup --cockpit --dry-run)
[ "$out" = "would run: systemctl enable --now cockpit.socket" ] && ok "dry run says the command" || bad "dry run: $out"
[ ! -e "$dir/calls" ] && ok "dry run runs nothing" || bad "dry run ran systemctl"

out=$(PATH="$dir:$PATH" "$console" -c "$dir/tiengdan.conf" --lang en setup --cockpit)
rc=$?
[ $rc -eq 0 ] && ok "exit 0" || bad "exit $rc"
[ "$(cat "$dir/calls" 2>/dev/null)" = "enable --now cockpit.socket" ] && ok "systemctl enable --now cockpit.socket" || bad "calls: $(cat "$dir/calls" 2>/dev/null)"
echo "$out" | grep -q 'https://<this machine>:9090' && ok "tells where staff open it" || bad "output: $out"

err=$(PATH="$dir:$PATH" FAKE_SYSTEMCTL_STATUS=3 "$console" -c "$dir/tiengdan.conf" --lang en setup --cockpit 2>&1 >/dev/null)
rc=$?
[ $rc -ne 0 ] && ok "a failing systemctl fails setup (exit $rc)" || bad "exit 0 although systemctl failed"
echo "$err" | grep -q 'could not enable cockpit.socket; status 3' && ok "and says so" || bad "stderr: $err"
[ "$(cat "$dir/tiengdan.conf")" = "modems = ();" ] && ok "the configuration is untouched" || bad "the configuration changed"
exit $fails
