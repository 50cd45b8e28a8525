#!/usr/bin/env bash
# Generates the test keys with the openssl command, so every known answer the
# tests use comes from an implementation other than twoleg.
#   make_test_keys.sh OUTDIR STAMP
# For each size and public exponent, OUTDIR/rsa-<bits>-e<e>.<form> holds:
#   pkcs1.pem pkcs1.der pkcs8.pem pkcs8.der spki.pem spki.der rsapub.pem
#   rsapub.der cert.pem cert.der sa.json
set -euo pipefail
. "$(dirname "$0")/rsa_key_forms.sh"
start_key_dir "$@"

make_one() {
  local bits=$1 e=$2 b="$out/rsa-$1-e$2"
  # Key generation is the slow part: keep an existing key, rewrite the derived forms.
  if [ ! -s "$b.pkcs8.pem" ]; then
    new_rsa_key "$b.pkcs8.pem" "$bits" "$e"
  fi
  # (`openssl pkey -outform DER` would write PKCS#1, not PKCS#8.)
  openssl pkcs8 -topk8 -nocrypt -in "$b.pkcs8.pem" -outform DER -out "$b.pkcs8.der"
  openssl rsa -in "$b.pkcs8.pem" -traditional -out "$b.pkcs1.pem" 2>/dev/null
  openssl rsa -in "$b.pkcs8.pem" -traditional -outform DER -out "$b.pkcs1.der" 2>/dev/null
  openssl rsa -in "$b.pkcs8.pem" -pubout -out "$b.spki.pem" 2>/dev/null
  openssl rsa -in "$b.pkcs8.pem" -pubout -outform DER -out "$b.spki.der" 2>/dev/null
  openssl rsa -in "$b.pkcs8.pem" -RSAPublicKey_out -out "$b.rsapub.pem" 2>/dev/null
  openssl rsa -in "$b.pkcs8.pem" -RSAPublicKey_out -outform DER -out "$b.rsapub.der" 2>/dev/null
  openssl req -x509 -new -key "$b.pkcs8.pem" -subj "/CN=twoleg test $bits e$e" -days 30 \
    -sha256 -out "$b.cert.pem" 2>/dev/null
  openssl x509 -in "$b.cert.pem" -outform DER -out "$b.cert.der"
  [ -s "$b.sa.json" ] && return 0
  write_sa_json "$b.sa.json" "$b.pkcs8.pem" twoleg-test "signer-$bits-e$e" "100000000000000000$bits"
}

# Two at a time: the machines have two cores.
pids=()
for bits in 1024 2047 2048 2049 3072 4096; do
  for e in 3 65537; do
    make_one "$bits" "$e" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  done
done
for p in "${pids[@]}"; do wait "$p"; done
touch "$stamp"
