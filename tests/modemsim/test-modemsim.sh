#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Drives the real gammu CLI (libgammu's AT driver over connection = proxyat)
# against modemsim: identify, read/delete/send SMS, USSD, and the faults.
# Usage: test-modemsim.sh PATH/TO/modemsim
set -uo pipefail
sim=${1:?usage: $0 PATH/TO/modemsim}
command -v gammu >/dev/null || { echo "SKIP: gammu CLI not installed"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$work/sim
rc=$work/gammurc
mkdir -p "$dir/sms"
printf '[gammu]\ndevice = %s --sim %s\nconnection = proxyat\n' "$sim" "$dir" >"$rc"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# g ARGS...: runs gammu against the simulator; output in $out, status in $status.
g() {
  out=$(timeout "${limit:-60}" gammu -c "$rc" "$@" 2>&1)
  status=$?
}

# expect NAME PATTERN: $out must contain PATTERN (a fixed string).
expect() {
  grep -qF -- "$2" <<<"$out" || { fail "$1: no '$2' in:"; echo "$out"; }
}

# SMS-DELIVER from +84912345678, GSM 7-bit "hello", stored unread at INDEX.
inject() {
  echo "0 07914889200000F0040B914819325476F800005270010100000005E8329BFD06" \
    >"$dir/sms/$1"
}

g identify
[ $status -eq 0 ] || fail "identify exited $status"
expect identify "Manufacturer         : tiengdan"
expect identify "IMEI                 : 356938035643809"
expect identify "SIM IMSI             : 452040000000001"

inject 3
g getallsms
[ $status -eq 0 ] || fail "getallsms exited $status"
expect getallsms 'Location 3, folder "Inbox"'
expect getallsms '"+84912345678"'
expect getallsms "hello"
expect getallsms "1 SMS parts in 1 SMS sequences"

g deleteallsms 1
[ $status -eq 0 ] || fail "deleteallsms exited $status"
[ -z "$(ls -A "$dir/sms")" ] || fail "deleteallsms left: $(ls "$dir/sms")"

g sendsms TEXT +84912345678 -text "xin chao"
[ $status -eq 0 ] || fail "sendsms exited $status"
expect sendsms "message reference=1"
[ "$(wc -l <"$dir/sent" 2>/dev/null)" = 1 ] || fail "sendsms: DIR/sent does not hold one line"
# The TPDU holds the destination +84912345678 (semi-octets 4819325476F8).
grep -q "4819325476F8.* 1$" "$dir/sent" || fail "sendsms: unexpected DIR/sent: $(cat "$dir/sent")"

g getussd '*101#'
[ $status -eq 0 ] || fail "getussd exited $status"
expect getussd 'Service reply        : "Tai khoan goc: 50000d"'
grep -qF 'AT+CUSD=1,"002A0031003000310023",15' "$dir/log" || fail "getussd: UCS-2 code not seen"

echo "cms-error 500" >"$dir/faults"
g sendsms TEXT +84912345678 -text "xin chao"
[ $status -ne 0 ] || fail "sendsms succeeded despite cms-error 500"
expect "sendsms cms-error" "error 500"
[ "$(wc -l <"$dir/sent")" = 1 ] || fail "sendsms with cms-error wrote to DIR/sent"

echo "pin 1234" >"$dir/faults"
g getsecuritystatus
expect "pin status" "Waiting for PIN"
g entersecuritycode PIN 9999
[ $status -ne 0 ] || fail "a wrong PIN was accepted"
g entersecuritycode PIN 1234
[ $status -eq 0 ] || fail "entersecuritycode PIN 1234 exited $status: $out"

# libgammu 1.42 does not notice the proxy child's end of file: identify
# waits until killed (124). Either way it must not succeed.
echo "exit" >"$dir/faults"
limit=10 g identify
[ $status -ne 0 ] || fail "identify succeeded with the modem unplugged"
[ $status -eq 124 ] && echo "note: libgammu hangs when the modem is unplugged"

echo "garbage" >"$dir/faults"
g identify
[ $status -ne 0 ] || fail "identify succeeded on garbage"
rm -f "$dir/faults"

# +CMTI: talk AT directly; a file appearing in DIR/sms is announced.
coproc MODEM { exec "$sim" --sim "$dir"; }
modem_pid=$MODEM_PID
printf 'AT+CNMI=2,1,0,2,0\r' >&"${MODEM[1]}"
sleep 0.5
inject 7
cmti=""
while IFS= read -r -t 5 line <&"${MODEM[0]}"; do
  case $line in *'+CMTI: "SM",7'*) cmti=yes; break ;; esac
done
[ -n "$cmti" ] || fail "no +CMTI for a new message"
exec {MODEM[1]}>&-
wait "$modem_pid" || fail "modemsim exited non-zero when stdin closed"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all modemsim checks passed"
