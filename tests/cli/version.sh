#!/usr/bin/env bash
# twoleg --version / twoleg version: the project's version, then the SHA-256
# and RSA implementations in use, which follow the CPU (as /proc/cpuinfo
# reports it) and the TWOLEG_NO_SHANI / TWOLEG_NO_MULX switches.
set -uo pipefail
. "$(dirname "$0")/common.sh" version
# The switches are set below where they are tested (the suite may run with them set).
unset TWOLEG_NO_SHANI TWOLEG_NO_MULX

project_version=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$TWOLEG_SOURCE_ROOT/meson.build" | head -n 1)
[ -n "$project_version" ] || fail "cannot read the version from meson.build"

expect 0 --version && cp "$dir/out" "$dir/dashed"
expect 0 version
cmp -s "$dir/out" "$dir/dashed" || fail "--version and version differ"
[ "$(sed -n 1p "$dir/out")" = "twoleg $project_version" ] || fail "first line: $(sed -n 1p "$dir/out")"
[ "$(wc -l <"$dir/out")" -eq 3 ] || fail "expected three lines: $(cat "$dir/out")"

flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has() { [[ " $flags " == *" $1 "* ]]; }

sha=$(sed -n 's/^SHA-256: //p' "$dir/out")
if has sha_ni && has ssse3 && has sse4_1; then want=sha-ni; else want=portable; fi
[ "$sha" = "$want" ] || fail "SHA-256: '$sha', expected '$want' for this CPU"
TWOLEG_NO_SHANI=1 "$cli" version >"$dir/portable" || fail "version with TWOLEG_NO_SHANI=1"
grep -qx 'SHA-256: portable' "$dir/portable" || fail "TWOLEG_NO_SHANI=1: $(cat "$dir/portable")"
TWOLEG_NO_SHANI=0 "$cli" version | grep -qx "SHA-256: $want" || fail "TWOLEG_NO_SHANI=0 must not switch"

rsa=$(sed -n 's/^RSA: //p' "$dir/out")
if has bmi2 && has adx; then
  case $rsa in
    'mulx/adx kernel (2048/3072/4096-bit keys), GMP mpn_sec_powm otherwise') ;;
    'GMP mpn_sec_powm (the mulx kernel is not compiled into this build)') ;;  # unoptimised builds
    *) fail "RSA on a CPU with BMI2 and ADX: '$rsa'" ;;
  esac
else
  [ "$rsa" = "GMP mpn_sec_powm (this CPU lacks BMI2/ADX)" ] || fail "RSA on a CPU without BMI2/ADX: '$rsa'"
fi
TWOLEG_NO_MULX=1 "$cli" version | grep -qx 'RSA: GMP mpn_sec_powm (TWOLEG_NO_MULX is set)' ||
  fail "TWOLEG_NO_MULX=1 must select GMP"

expect 0 version --help
expect 2 version extra

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "version: all checks passed"
