#!/usr/bin/env bash
# twoleg --version / twoleg version: the project's version, then the SHA-256
# and RSA implementations in use, which follow the CPU (as /proc/cpuinfo
# reports it) and the TWOLEG_NO_SHANI / TWOLEG_NO_MULX switches.
set -uo pipefail
. "$(dirname "$0")/common.sh" version
# The switches are set below where they are tested (the suite may run with them set).
unset TWOLEG_NO_SHANI TWOLEG_NO_MULX TWOLEG_NO_IFMA TWOLEG_FORCE_IFMA_MODEL

project_version=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$TWOLEG_SOURCE_ROOT/meson.build" | head -n 1)
[ -n "$project_version" ] || fail "cannot read the version from meson.build"

expect 0 --version && cp "$dir/out" "$dir/dashed"
expect 0 version
cmp -s "$dir/out" "$dir/dashed" || fail "--version and version differ"
[ "$(sed -n 1p "$dir/out")" = "twoleg $project_version" ] || fail "first line: $(sed -n 1p "$dir/out")"
[ "$(wc -l <"$dir/out")" -eq 4 ] || fail "expected four lines: $(cat "$dir/out")"

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

# The dual-prime kernel: native exactly when the CPU has AVX-512 F, DQ, IFMA,
# VL and BW (the OS's ZMM state is assumed where the kernel lists the flags).
dual=$(sed -n 's/^RSA dual-prime kernel: //p' "$dir/out")
if has avx512f && has avx512dq && has avx512ifma && has avx512vl && has avx512bw; then
  # Sanitizer builds leave the native kernel out, and say so.
  [[ $dual == "native AVX-512 IFMA"* || $dual == "off (the native kernel is not compiled into this build)" ]] ||
    fail "dual-prime kernel on an IFMA CPU: '$dual'"
  # ... and the native kernel names its digit-step schedule.
  [[ $dual != "native"* || $dual == *"; high halves "* ]] || fail "the native kernel's line names no schedule: '$dual'"
else
  [[ $dual == "off (this CPU"* ]] || fail "dual-prime kernel on a CPU without IFMA: '$dual'"
fi
TWOLEG_NO_IFMA=1 "$cli" version | grep -qx 'RSA dual-prime kernel: off (TWOLEG_NO_IFMA is set)' ||
  fail "TWOLEG_NO_IFMA=1 must switch the dual-prime kernel off"
TWOLEG_FORCE_IFMA_MODEL=1 "$cli" version | grep -q '^RSA dual-prime kernel: lane model' ||
  fail "TWOLEG_FORCE_IFMA_MODEL=1 must select the lane model"
# inspect names the kernel a private RSA key signs with.
key2048="$keys/rsa-2048-e65537.pkcs8.pem"
kernel=$("$cli" inspect "$key2048" | sed -n 's/.*"rsa_kernel": "\(.*\)".*/\1/p')
if [[ $dual == "native"* ]]; then want_kernel=ifma
elif [[ $rsa == "mulx"* ]]; then want_kernel=mulx
else want_kernel=gmp; fi
[ "$kernel" = "$want_kernel" ] || fail "inspect's rsa_kernel is '$kernel', expected '$want_kernel'"
[ "$(TWOLEG_FORCE_IFMA_MODEL=1 "$cli" inspect "$key2048" | sed -n 's/.*"rsa_kernel": "\(.*\)".*/\1/p')" = ifma-model ] ||
  fail "inspect with TWOLEG_FORCE_IFMA_MODEL=1 must name ifma-model"
[ "$(TWOLEG_NO_IFMA=1 TWOLEG_NO_MULX=1 "$cli" inspect "$key2048" | sed -n 's/.*"rsa_kernel": "\(.*\)".*/\1/p')" = gmp ] ||
  fail "inspect with TWOLEG_NO_IFMA=1 TWOLEG_NO_MULX=1 must name gmp"

expect 0 version --help
expect 2 version extra

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "version: all checks passed"
