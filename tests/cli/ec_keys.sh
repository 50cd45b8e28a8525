# P-256 keys in the CLI against openssl: keygen writes a 0600 PKCS#8 key that
# openssl reads; every key form gives `twoleg jwk` the coordinates that
# `openssl ec -text` prints; openssl verifies twoleg's DER signatures and
# twoleg verifies openssl's; raw r||s signatures round-trip; --deterministic
# repeats RFC 6979's signature; hostile keys exit 3 and hostile signatures
# print "Verification failure".
set -u

. "$(dirname "$0")/common.sh" ec_keys
py=/usr/bin/python3

# --- keygen
expect 0 keygen --type ec-p256 --out "$dir/gen.pem"
[ "$(stat -c %a "$dir/gen.pem")" = 600 ] || fail "keygen --out mode is $(stat -c %a "$dir/gen.pem"), not 600"
head -1 "$dir/gen.pem" | grep -q -- "-----BEGIN PRIVATE KEY-----" || fail "keygen does not write PKCS#8 PEM"
openssl pkey -in "$dir/gen.pem" -noout -text 2>/dev/null | grep -q "ASN1 OID: prime256v1" || fail "openssl does not read keygen's key as P-256"
expect 0 keygen --type ec-p256 && [ "$(grep -c BEGIN "$dir/out")" = 1 ] || fail "keygen to stdout"
cmp -s "$dir/out" "$dir/gen.pem" && fail "two keygen runs gave the same key"
expect 2 keygen --type rsa-2048
expect 2 keygen
ls "$dir"/gen.pem.tmp-* >/dev/null 2>&1 && fail "keygen left a temporary file"

# --- every form: twoleg jwk equals openssl's coordinates
openssl ecparam -name prime256v1 -genkey -out "$dir/params.pem"
openssl ec -in "$dir/params.pem" -out "$dir/sec1.pem" 2>/dev/null
openssl ec -in "$dir/sec1.pem" -outform DER -out "$dir/sec1.der" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$dir/sec1.pem" -out "$dir/p8.pem"
openssl pkcs8 -topk8 -nocrypt -in "$dir/sec1.pem" -outform DER -out "$dir/p8.der"
openssl ec -in "$dir/sec1.pem" -pubout -out "$dir/pub.pem" 2>/dev/null
openssl ec -in "$dir/sec1.pem" -pubout -outform DER -out "$dir/pub.der" 2>/dev/null
openssl ec -in "$dir/sec1.pem" -pubout -conv_form compressed -out "$dir/pubc.pem" 2>/dev/null
openssl req -x509 -new -subj /CN=ec -days 2 -key "$dir/sec1.pem" -out "$dir/cert.pem"
openssl x509 -in "$dir/cert.pem" -outform DER -out "$dir/cert.der"
pub_hex=$(openssl ec -in "$dir/sec1.pem" -text -noout 2>/dev/null | sed -n '/^pub:/,/^ASN1/p' | grep '^ ' | tr -d ' :\n')
want_x=$(printf %s "${pub_hex:2:64}" | xxd -r -p | basenc --base64url | tr -d '=')
want_y=$(printf %s "${pub_hex:66:64}" | xxd -r -p | basenc --base64url | tr -d '=')
want="{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"$want_x\",\"y\":\"$want_y\"}"
for f in params.pem sec1.pem sec1.der p8.pem p8.der pub.pem pub.der pubc.pem cert.pem cert.der; do
    expect 0 jwk "$dir/$f" || continue
    [ "$(cat "$dir/out")" = "$want" ] || fail "jwk $f: $(cat "$dir/out") != $want"
done
expect 0 jwk --kid "$dir/p8.pem"
kid=$(sed 's/.*"kid":"\([^"]*\)".*/\1/' "$dir/out")
expect 0 jwk --thumbprint "$dir/pub.der"
[ "$(cat "$dir/out")" = "$kid" ] || fail "--kid is not the thumbprint"
printf '{"crv":"P-256","kty":"EC","x":"%s","y":"%s"}' "$want_x" "$want_y" | sha256sum | cut -c1-64 | xxd -r -p |
    basenc --base64url | tr -d '=\n' >"$dir/thumb"
[ "$(cat "$dir/thumb")" = "$kid" ] || fail "thumbprint is not SHA-256 of the RFC 7638 JSON (coreutils)"

# --- signatures with openssl in both directions
pseudo_random_file 100000 "$dir/msg"
for key in sec1.pem p8.der params.pem gen.pem; do
    expect 0 sign --key "$dir/$key" --sig-format der --in "$dir/msg" --out "$dir/sig.der" || continue
    openssl pkey -in "$dir/$key" -pubout -out "$dir/k.pub" 2>/dev/null
    openssl dgst -sha256 -verify "$dir/k.pub" -signature "$dir/sig.der" "$dir/msg" | grep -q "Verified OK" ||
        fail "openssl does not verify twoleg's DER signature with $key"
    expect 0 verify --pub "$dir/k.pub" --sig "$dir/sig.der" --sig-format der --in "$dir/msg"
    openssl dgst -sha256 -sign "$dir/$key" -out "$dir/theirs.der" "$dir/msg"
    expect 0 verify --pub "$dir/k.pub" --sig "$dir/theirs.der" --sig-format der --in "$dir/msg"
    [ "$(cat "$dir/out")" = "Verified OK" ] || fail "twoleg does not verify openssl's signature with $key"
    expect 0 sign --key "$dir/$key" --in "$dir/msg" --out "$dir/sig.raw"
    [ "$(stat -c %s "$dir/sig.raw")" = 64 ] || fail "raw EC signature is not 64 bytes"
    expect 0 verify --pub "$dir/$key" --sig "$dir/sig.raw" --in "$dir/msg"
done
openssl dgst -sha256 -sign "$dir/sec1.pem" -out "$dir/theirs.der" "$dir/msg"
expect 0 verify --pub "$dir/cert.pem" --sig "$dir/theirs.der" --sig-format der --in "$dir/msg"
# der is for EC keys only
expect 2 sign --key "$keys/rsa-2048-e65537.pkcs8.pem" --sig-format der --in "$dir/msg"
expect 2 sign --key "$dir/sec1.pem" --sig-format pem --in "$dir/msg"

# --- RFC 6979 A.2.5 through the CLI: --deterministic gives the RFC's r||s for "sample"
printf '%s' 30310201010420c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721a00a06082a8648ce3d030107 |
    xxd -r -p >"$dir/rfc.der"
printf sample >"$dir/sample"
expect 0 sign --key "$dir/rfc.der" --deterministic --in "$dir/sample"
[ "$(xxd -p "$dir/out" | tr -d '\n')" = efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8 ] ||
    fail "sign --deterministic is not RFC 6979 A.2.5's signature for 'sample'"
expect 0 sign --key "$dir/rfc.der" --in "$dir/sample" --out "$dir/h1"
expect 0 sign --key "$dir/rfc.der" --in "$dir/sample" --out "$dir/h2"
cmp -s "$dir/h1" "$dir/h2" && fail "hedged signatures of the same message are equal"

# --- hostile signatures: Verification failure, exit 1
openssl pkey -in "$dir/sec1.pem" -pubout -out "$dir/k.pub" 2>/dev/null
expect 0 sign --key "$dir/sec1.pem" --in "$dir/msg" --out "$dir/good.raw"
n_hex=ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
r_hex=$(xxd -p "$dir/good.raw" | tr -d '\n' | cut -c1-64)
s_hex=$(xxd -p "$dir/good.raw" | tr -d '\n' | cut -c65-128)
bad_sig() { # name format hex
    printf '%s' "$3" | xxd -r -p >"$dir/bad.sig"
    "$cli" verify --pub "$dir/k.pub" --sig "$dir/bad.sig" --sig-format "$2" --in "$dir/msg" >"$dir/out" 2>"$dir/err"
    local rc=$?
    [ $rc -eq 1 ] && [ "$(cat "$dir/out")" = "Verification failure" ] || fail "$1: exit $rc, out '$(cat "$dir/out")'"
}
zero=$(printf '0%.0s' {1..64})
bad_sig "r = 0" raw "$zero$s_hex"
bad_sig "s = 0" raw "$r_hex$zero"
bad_sig "r = n" raw "$n_hex$s_hex"
bad_sig "s = n" raw "$r_hex$n_hex"
bad_sig "63 bytes" raw "${r_hex}${s_hex:0:62}"
bad_sig "65 bytes" raw "${r_hex}${s_hex}00"
bad_sig "empty" raw ""
expect 0 sign --key "$dir/sec1.pem" --sig-format der --in "$dir/msg" --out "$dir/good.der"
good_der=$(xxd -p "$dir/good.der" | tr -d '\n')
bad_sig "DER with a trailing byte" der "${good_der}00"
bad_sig "DER with a long-form length" der "3081${good_der:2}"
bad_sig "DER raw form given as der" der "$r_hex$s_hex"
bad_sig "DER with a non-minimal INTEGER (two leading zeros)" der "304702220000${r_hex}022100${s_hex}"
bad_sig "DER SET instead of SEQUENCE" der "31${good_der:2}"
flipped_r=$(printf '%s' "$r_hex" | sed 's/^\(.\)/\1/;s/.$/&/' | tr 0123456789abcdef 123456789abcdef0)
bad_sig "r changed" raw "$flipped_r$s_hex"

# --- hostile keys: exit 3 with one line
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$dir/p384.pem" 2>/dev/null
openssl ecparam -name secp256k1 -genkey -noout -out "$dir/k1.pem"
openssl ec -in "$dir/sec1.pem" -param_enc explicit -out "$dir/explicit.pem" 2>/dev/null
for k in p384.pem k1.pem explicit.pem; do expect 3 jwk "$dir/$k"; done
grep -q "P-384\|secp256k1\|explicit" "$dir/err" || fail "curve refusals do not name the curve: $(cat "$dir/err")"
expect 3 jwk "$dir/explicit.pem" && grep -q "explicit parameters" "$dir/err" || fail "explicit parameters not named"
expect 3 sign --key "$dir/p384.pem" --in "$dir/msg"
# d = n in a SEC 1 key
printf '%s' "30310201010420${n_hex}a00a06082a8648ce3d030107" | xxd -r -p >"$dir/dn.der"
expect 3 jwk "$dir/dn.der"
expect 3 sign --key "$dir/pub.pem" --in "$dir/msg"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ec keys: all checks passed"
