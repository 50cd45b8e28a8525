# Every refusal of a key by the CLI is exit status 3 with exactly one line on
# stderr starting "twoleg: ", and nothing on stdout: keys openssl makes that
# twoleg does not accept (EC other than P-256, Ed25519, RSA-PSS, three primes, 512 bits,
# encrypted), inconsistent keys built with `openssl asn1parse -genconf`,
# damaged DER, PEM and JSON, and multi-megabyte garbage.
set -u

. "$(dirname "$0")/common.sh" malformed

refusals=0
# expect_refusal NAME FILE [PATTERN]: inspect must exit 3 with one "twoleg: " line (matching PATTERN).
expect_refusal() {
    local name=$1 file=$2 pattern=${3:-}
    "$cli" inspect "$file" >"$dir/out" 2>"$dir/err"
    local rc=$?
    refusals=$((refusals + 1))
    [ $rc -eq 3 ] || { fail "$name: exit $rc, want 3 ($(head -c 300 "$dir/err"))"; return; }
    [ -s "$dir/out" ] && fail "$name: wrote to stdout"
    [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "$name: stderr has $(wc -l <"$dir/err") lines: $(head -c 300 "$dir/err")"
    [ "$(head -c 8 "$dir/err")" = "twoleg: " ] || fail "$name: stderr does not start with 'twoleg: '"
    if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$dir/err"; then
        fail "$name: message '$(cat "$dir/err")' lacks '$pattern'"
    fi
}

# Pseudo-random bytes, reproducible (openssl's AES-CTR keystream).
random_bytes() { pseudo_random_file "$1" "$2" 00112233445566778899aabbccddeeff; } # length file

key="$keys/rsa-2048-e65537"

# --- keys made by openssl that twoleg refuses
# (P-256 keys are accepted: tests/cli/ec_keys.sh; other curves are refused there.)
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$dir/ec384.pem" 2>/dev/null
expect_refusal "P-384 key" "$dir/ec384.pem" "P-384"
openssl genpkey -algorithm ED25519 -out "$dir/ed.pem"
expect_refusal "Ed25519 key" "$dir/ed.pem" "Ed25519"
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$dir/pss.pem" 2>/dev/null
expect_refusal "RSA-PSS key" "$dir/pss.pem" "RSA-PSS"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_primes:3 -out "$dir/three.pem" 2>/dev/null
expect_refusal "three-prime key" "$dir/three.pem" "multi-prime"
openssl rsa -in "$dir/three.pem" -traditional -out "$dir/three-trad.pem" 2>/dev/null
expect_refusal "three-prime key, PKCS#1" "$dir/three-trad.pem" "multi-prime"
openssl genrsa -out "$dir/small.pem" 512 2>/dev/null
expect_refusal "512-bit key" "$dir/small.pem" "1024"
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:pw -in "$key.pkcs8.pem" -out "$dir/enc8.pem"
expect_refusal "encrypted PKCS#8" "$dir/enc8.pem" "encrypted"
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:pw -in "$key.pkcs8.pem" -outform DER -out "$dir/enc8.der"
expect_refusal "encrypted PKCS#8 DER" "$dir/enc8.der" "encrypted"
openssl rsa -aes256 -traditional -passout pass:pw -in "$key.pkcs8.pem" -out "$dir/enc1.pem" 2>/dev/null
expect_refusal "encrypted traditional key" "$dir/enc1.pem" "encrypted"
openssl req -new -subj /CN=csr -key "$key.pkcs8.pem" -out "$dir/csr.pem"
expect_refusal "certificate request" "$dir/csr.pem" "certificate request"

# --- inconsistent keys: openssl's numbers with one changed, encoded by openssl asn1parse -genconf
text=$(openssl rsa -in "$keys/rsa-1024-e65537.pkcs1.pem" -text -noout)
number() { # name: the hex digits of one field of openssl's -text output
    printf '%s\n' "$text" | awk -v name="$1:" '
        $0 == name { on = 1; next }
        on && /^ / { gsub(/[ :]/, ""); printf "%s", $0; next }
        on { exit }'
}
changed_last_digit() { # hex: the same number with its last hex digit replaced by a different one
    local h=$1 last=${1: -1}
    if [ "$last" = 2 ]; then printf '%s4' "${h%?}"; else printf '%s2' "${h%?}"; fi
}
n=$(number modulus) d=$(number privateExponent) p=$(number prime1) q=$(number prime2)
dp=$(number exponent1) dq=$(number exponent2) qi=$(number coefficient)
[ -n "$n" ] && [ -n "$qi" ] || fail "cannot read openssl's numbers"
make_key() { # file n e d p q dp dq qi
    cat >"$dir/genconf" <<EOF
asn1=SEQUENCE:key
[key]
version=INTEGER:0
n=INTEGER:0x$2
e=INTEGER:0x$3
d=INTEGER:0x$4
p=INTEGER:0x$5
q=INTEGER:0x$6
dp=INTEGER:0x$7
dq=INTEGER:0x$8
qi=INTEGER:0x$9
EOF
    openssl asn1parse -genconf "$dir/genconf" -noout -out "$1" >/dev/null || fail "asn1parse -genconf failed for $1"
}
make_key "$dir/good.der" "$n" 010001 "$d" "$p" "$q" "$dp" "$dq" "$qi"
"$cli" inspect "$dir/good.der" >/dev/null 2>&1 || fail "the unaltered asn1parse-built key does not load"
make_key "$dir/bad-p.der" "$n" 010001 "$d" "$(changed_last_digit "$p")" "$q" "$dp" "$dq" "$qi"
expect_refusal "p altered" "$dir/bad-p.der" "inconsistent"
make_key "$dir/bad-q.der" "$n" 010001 "$d" "$p" "$(changed_last_digit "$q")" "$dp" "$dq" "$qi"
expect_refusal "q altered" "$dir/bad-q.der" "inconsistent"
make_key "$dir/bad-d.der" "$n" 010001 "$(changed_last_digit "$d")" "$p" "$q" "$dp" "$dq" "$qi"
expect_refusal "d altered" "$dir/bad-d.der" "inconsistent"
make_key "$dir/bad-dp.der" "$n" 010001 "$d" "$p" "$q" "$(changed_last_digit "$dp")" "$dq" "$qi"
expect_refusal "dP altered" "$dir/bad-dp.der" "inconsistent"
make_key "$dir/bad-dq.der" "$n" 010001 "$d" "$p" "$q" "$dp" "$(changed_last_digit "$dq")" "$qi"
expect_refusal "dQ altered" "$dir/bad-dq.der" "inconsistent"
make_key "$dir/bad-qi.der" "$n" 010001 "$d" "$p" "$q" "$dp" "$dq" "$(changed_last_digit "$qi")"
expect_refusal "qInv altered" "$dir/bad-qi.der" "inconsistent"
# The refusal of a private value never says which relation failed.
grep -Eiq 'prime|coefficient|exponent|dP|qInv|modulus' "$dir/err" && fail "the inconsistency message names a secret value"
make_key "$dir/bad-e.der" "$n" 010003 "$d" "$p" "$q" "$dp" "$dq" "$qi"
expect_refusal "e altered" "$dir/bad-e.der" "inconsistent"
make_key "$dir/bad-n.der" "$(changed_last_digit "$n")" 010001 "$d" "$p" "$q" "$dp" "$dq" "$qi"
expect_refusal "n altered" "$dir/bad-n.der" ""
make_key "$dir/e-even.der" "$n" 010000 "$d" "$p" "$q" "$dp" "$dq" "$qi"
expect_refusal "e even" "$dir/e-even.der" "odd"
make_key "$dir/e-one.der" "$n" 01 "$d" "$p" "$q" "$dp" "$dq" "$qi"
expect_refusal "e = 1" "$dir/e-one.der" "greater than 1"

# --- damaged DER, PEM and JSON
cp "$key.pkcs1.der" "$dir/trailing.der" && printf '\0' >>"$dir/trailing.der"
expect_refusal "trailing byte after DER" "$dir/trailing.der" "trailing"
head -c 700 "$key.pkcs1.der" >"$dir/truncated.der"
expect_refusal "truncated DER" "$dir/truncated.der" "exceeds"
head -c 900 "$key.pkcs1.pem" >"$dir/truncated.pem"
expect_refusal "truncated PEM" "$dir/truncated.pem" "END"
sed 's/END RSA PRIVATE KEY/END PRIVATE KEY/' "$key.pkcs1.pem" >"$dir/mismatch.pem"
expect_refusal "PEM labels differ" "$dir/mismatch.pem" "labels"
sed '2s/^..../M!IE/' "$key.pkcs1.pem" >"$dir/badchar.pem"
expect_refusal "bad base64 character" "$dir/badchar.pem" "base64"
printf -- '-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n' >"$dir/foo.pem"
expect_refusal "unknown PEM label" "$dir/foo.pem" "label"
: >"$dir/empty"
expect_refusal "empty file" "$dir/empty"
printf 'hello, world\n' >"$dir/text"
expect_refusal "plain text" "$dir/text"
printf '{"type": "authorized_user", "client_id": "a", "client_secret": "b", "refresh_token": "c"}\n' >"$dir/user.json"
expect_refusal "authorized_user JSON" "$dir/user.json" "user credential"
printf '[1, 2, 3]\n' >"$dir/array.json"
expect_refusal "JSON array" "$dir/array.json" "object"
printf '{"type": "service_account", "client_email": }\n' >"$dir/invalid.json"
expect_refusal "invalid JSON" "$dir/invalid.json" "JSON"
grep -v '"client_email"' "$key.sa.json" >"$dir/no-email.json"
expect_refusal "service account without client_email" "$dir/no-email.json" "client_email"
sed 's/"private_key_id": "[^"]*"/"private_key_id": 12/' "$key.sa.json" >"$dir/id-number.json"
expect_refusal "private_key_id a number" "$dir/id-number.json" "private_key_id"

# --- multi-megabyte garbage
random_bytes $((3 * 1024 * 1024)) "$dir/random-3m"
expect_refusal "3 MiB of random bytes" "$dir/random-3m" "limit"
random_bytes $((1024 * 1024)) "$dir/random-1m"
expect_refusal "1 MiB of random bytes" "$dir/random-1m"
{ printf '0'; head -c $((1024 * 1024 - 1)) "$dir/random-1m"; } >"$dir/random-seq"
expect_refusal "1 MiB of random bytes after a SEQUENCE tag" "$dir/random-seq"
{ printf '"'; head -c $((2 * 1024 * 1024)) </dev/zero | tr '\0' a; printf '"'; } >"$dir/string-2m.json"
expect_refusal "2 MiB JSON string" "$dir/string-2m.json" "limit"
{ printf '{"type": "'; head -c $((1000 * 1000)) </dev/zero | tr '\0' a; printf '"}'; } >"$dir/string-1m.json"
expect_refusal "1 MB JSON string value" "$dir/string-1m.json" "service_account"
head -c $((1024 * 1024)) </dev/zero | tr '\0' '[' >"$dir/deep.json"
expect_refusal "1 MiB of [" "$dir/deep.json" "deep"
{ printf -- '-----BEGIN RSA PRIVATE KEY-----\n'; head -c $((900 * 1024)) </dev/zero | tr '\0' A; } >"$dir/endless.pem"
expect_refusal "PEM without an END line" "$dir/endless.pem" "END"
{ for i in $(seq 1 200); do printf '\060\200'; done; } >"$dir/deep.der"
expect_refusal "nested indefinite lengths" "$dir/deep.der" "indefinite"
"$cli" inspect - <"$dir/random-3m" >"$dir/out" 2>"$dir/err"; rc=$?
[ $rc -eq 3 ] && [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "3 MiB of random bytes on standard input: exit $rc"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s) in $refusals refusals"
    exit 1
fi
echo "malformed inputs: $refusals refusals, each exit 3 with one 'twoleg: ' line"
