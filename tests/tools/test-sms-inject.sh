#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks tiengdan-sms-inject against Gammu's own reader: every message it
# writes into a dummy-modem folder must come back identical through
# `gammu getallsms` / `geteachsms` (the real dummy driver and backup reader).
# Usage: test-sms-inject.sh PATH/TO/tiengdan-sms-inject
set -uo pipefail
inject=${1:?usage: $0 PATH/TO/tiengdan-sms-inject}
command -v gammu >/dev/null || { echo "SKIP: gammu CLI not installed"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 n=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A fresh dummy-modem folder and its gammurc; sets $dir and $rc.
fresh() {
  n=$((n + 1))
  dir=$work/modem$n
  rc=$work/gammurc$n
  printf '[gammu]\nmodel = dummy\nconnection = none\ndevice = %s\n' "$dir" >"$rc"
}

# What `gammu getallsms` shows of $dir (captured: no SIGPIPE under pipefail).
all() { gammu -c "$rc" getallsms 2>/dev/null; }

# The text of the only (linked) message in $dir, as geteachsms shows it:
# the lines between the first and second empty lines.
read_back() {
  gammu -c "$rc" geteachsms 2>/dev/null |
    awk 'blank == 1 && $0 == "" { exit } blank == 1 { print } $0 == "" { blank++ }'
}

# check NAME EXPECTED_CODING TEXT [INJECT OPTIONS...]
check() {
  local name=$1 coding=$2 text=$3 got
  shift 3
  fresh
  "$inject" "$@" "$dir" +84912345678 "$text" || { fail "$name: injector failed"; return; }
  got=$(read_back)
  [ "$got" = "$text" ] || fail "$name: text differs
  sent: $text
  read: $got"
  grep -qx "Coding = $coding" "$dir"/sms/1/* || fail "$name: coding is not $coding"
  grep -q 'Remote number        : "+84912345678"' <<<"$(all)" ||
    fail "$name: sender number lost"
}

vn='Kính gửi UBND xã: đường liên thôn bị sạt lở sau mưa lũ, đề nghị xã cử người kiểm tra.'
long_vn="$vn $vn $vn"
long_gsm=$(printf 'Bao cao thon 3: duong bi ngap {muc nuoc} [1m] ~ ^ | \\ euro € %.0s' 1 2 3 4)

check "short Vietnamese" Unicode_No_Compression "Xin chào, họp thôn lúc 8h"
check "GSM only" Default_No_Compression "Xin chao ba con, hop thon luc 8h @ nha van hoa"
check "GSM extension table" Default_No_Compression 'Gia {100} [a] ~b^ c|d \e €5'
check "Vietnamese" Unicode_No_Compression "$vn"
check "Vietnamese multipart reversed" Unicode_No_Compression "$long_vn" --order reverse
check "GSM multipart shuffled" Default_No_Compression "$long_gsm" --order shuffle --ref 200
check "forced UCS-2" Unicode_No_Compression "Hello" --unicode

# A message with "ọ" (not in the GSM alphabet) must be UCS-2; "à" alone is GSM.
fresh
"$inject" "$dir" 0912 "Xin chào" && grep -qx "Coding = Default_No_Compression" "$dir/sms/1/1" ||
  fail "à should fit the GSM alphabet"

# Multipart parts carry one reference and their numbers; reverse order on disk.
fresh
"$inject" --ref 171 --order reverse "$dir" 0912 "$long_vn"
parts=$(ls "$dir/sms/1" | wc -l)
last=$(printf '%02X' "$parts")
[ "$parts" -ge 3 ] || fail "3 or more parts expected"
[ "$(grep -h '^UDH' "$dir/sms/1/1")" = "UDH = 050003AB$last$last" ] || fail "reverse order / UDH"
[ "$(grep -h '^UDH' "$dir/sms/1/$parts")" = "UDH = 050003AB${last}01" ] || fail "reverse order / UDH"

# An incomplete multipart: only part 2 of 3.
fresh
"$inject" --parts 2 --ref 9 "$dir" 0912 "$long_vn"
grep -q "ID (8 bit) 9, part 2 of $parts" <<<"$(all)" || fail "--parts 2"
[ "$(ls "$dir/sms/1")" = 1 ] || fail "--parts 2 wrote more than one file"

# A delivery report: PDU, reference and number survive the dummy driver.
fresh
"$inject" --status-report 42 "$dir" +84987654321
out=$(all)
grep -q 'SMS status report' <<<"$out" || fail "status report: not a status report"
grep -q 'Reference number     : 42' <<<"$out" || fail "status report: reference lost"
grep -q 'Remote number        : "+84987654321"' <<<"$out" || fail "status report: number lost"
grep -q 'Delivery status      : Delivered' <<<"$out" || fail "status report: not delivered"

# An 8-bit data SMS.
fresh
"$inject" --binary 0102A0FF "$dir" 1234
grep -q 'hex: 0102A0FF' <<<"$(all)" || fail "--binary"

# --count and --stdin: many messages from one process, numbers printed.
fresh
"$inject" --count 5 --print "$dir" 0912 "Tin" >"$work/printed"
[ "$(tr '\n' ' ' <"$work/printed")" = "1 2 3 4 5 " ] || fail "--count --print"
grep -qx 'Tin #5' <<<"$(all)" || fail "--count suffix"
fresh
printf '0911\tMột\n\n0922\tHai\n0933\tBa\n' | "$inject" --stdin "$dir"
out=$(all)
[ "$(grep -c '^SMS message' <<<"$out")" = 3 ] || fail "--stdin"
grep -qx 'Một' <<<"$out" || fail "--stdin text"

# A full folder (9999 files) and wrong arguments are errors.
fresh
"$inject" --count 9999 "$dir" 0912 x || fail "filling the folder"
"$inject" "$dir" 0912 x 2>/dev/null && fail "a full folder must be an error"
"$inject" --ref 999 "$dir" 0912 x 2>/dev/null
[ $? = 2 ] || fail "a bad --ref must exit 2"
"$inject" "$dir" 2>/dev/null && fail "missing arguments must be an error"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all sms-inject checks passed"
