#!/usr/bin/env bash
# Generates the benchmark keys once with the openssl command (RSA 2048, 3072,
# 4096 bits, e = 65537), so twoleg, OpenSSL, Nettle and the decimal core are
# timed on the same keys. Keys that already exist are kept, so the numbers of
# repeated runs stay comparable.
#   make_bench_keys.sh OUTDIR STAMP
# For each size, OUTDIR/rsa-<bits>.<form>: pkcs8.pem pkcs8.der sa.json; and
# OUTDIR/rsa-2048.legacy-{2048,100000}.p12
set -euo pipefail
. "$(dirname "$0")/../tests/rsa_key_forms.sh"
start_key_dir "$@"

make_one() {
  local bits=$1 b="$out/rsa-$1"
  [ -s "$b.sa.json" ] && return 0
  new_rsa_key "$b.pkcs8.pem" "$bits" 65537
  # (`openssl pkey -outform DER` would write PKCS#1, not PKCS#8.)
  openssl pkcs8 -topk8 -nocrypt -in "$b.pkcs8.pem" -outform DER -out "$b.pkcs8.der"
  write_sa_json "$b.sa.json" "$b.pkcs8.pem" twoleg-bench signer "100000000000000000$bits"
}

# -legacy PKCS#12 files of the 2048-bit key (password notasecret, friendlyName
# privatekey, as Google's are), with openssl's 2048 iterations and with 100000.
make_p12() {
  local n=$1 b="$out/rsa-2048"
  [ -s "$b.legacy-$n.p12" ] && return 0
  openssl req -new -x509 -key "$b.pkcs8.pem" -subj /CN=100000000000000002048 -days 3650 -out "$b.cert.pem.tmp"
  openssl pkcs12 -export -legacy -iter "$n" -inkey "$b.pkcs8.pem" -in "$b.cert.pem.tmp" -name privatekey \
    -passout pass:notasecret -out "$b.legacy-$n.p12.tmp"
  rm -f "$b.cert.pem.tmp"
  mv "$b.legacy-$n.p12.tmp" "$b.legacy-$n.p12"
}

for bits in 2048 3072 4096; do make_one "$bits"; done
make_p12 2048
make_p12 100000
touch "$stamp"
