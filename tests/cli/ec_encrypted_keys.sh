# P-256 keys in the encrypted forms, made by the openssl command: encrypted
# PKCS#8 (PEM and DER, -v2 and -v1), `openssl ec -aes256/-des3` (SEC 1 PEM with
# Proc-Type/DEK-Info) and `openssl pkcs12 -export` (also -legacy). Each loads
# with its password, `twoleg jwk` equals the plain key's, a DER signature made
# with it verifies with `openssl dgst -sha256 -verify`; a wrong password and no
# password give exit 3 and the usual messages; truncations give exit 3; other
# curves are refused naming the curve; convert writes the key as PKCS#8.
set -u

. "$(dirname "$0")/common.sh" ec_encrypted_keys

export TWOLEG_TEST_PW='correct horse' TWOLEG_TEST_BAD_PW='wrong horse'
pw=$TWOLEG_TEST_PW
wrong_text='wrong password, or the file is damaged: the integrity check failed'
legacy=(-provider default -provider legacy)

openssl ecparam -name prime256v1 -genkey -noout -out "$dir/plain.pem" || { echo "openssl ecparam failed"; exit 1; }
openssl req -x509 -new -subj /CN=ec -days 2 -key "$dir/plain.pem" -out "$dir/cert.pem" || exit 1
openssl ec -in "$dir/plain.pem" -pubout -out "$dir/pub.pem" 2>/dev/null || exit 1
p8() { openssl pkcs8 -topk8 -in "$dir/plain.pem" -passout "pass:$pw" "$@"; }
p8 -v2 aes-256-cbc -out "$dir/p8-aes256.pem"
p8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -outform DER -out "$dir/p8-aes256-sha256.der"
p8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -out "$dir/p8-aes128-sha1.pem"
p8 "${legacy[@]}" -v1 PBE-SHA1-3DES -out "$dir/p8-v1-3des.pem"
p8 "${legacy[@]}" -v1 PBE-SHA1-3DES -outform DER -out "$dir/p8-v1-3des.der"
openssl ec -in "$dir/plain.pem" -aes256 -passout "pass:$pw" -out "$dir/sec1-aes256.pem" 2>/dev/null
openssl ec -in "$dir/plain.pem" -des3 -passout "pass:$pw" -out "$dir/sec1-des3.pem" 2>/dev/null
p12() { openssl pkcs12 -export -inkey "$dir/plain.pem" -in "$dir/cert.pem" -passout "pass:$pw" "$@"; }
p12 -out "$dir/default.p12"
p12 -legacy -out "$dir/legacy.p12"
p12 -keypbe NONE -certpbe NONE -out "$dir/keybag.p12"
files=(p8-aes256.pem p8-aes256-sha256.der p8-aes128-sha1.pem p8-v1-3des.pem p8-v1-3des.der sec1-aes256.pem
    sec1-des3.pem default.p12 legacy.p12 keybag.p12)
for f in "${files[@]}"; do [ -s "$dir/$f" ] || fail "openssl did not make $f"; done
for f in sec1-aes256.pem sec1-des3.pem; do
    grep -q '^Proc-Type: 4,ENCRYPTED' "$dir/$f" && grep -q '^-----BEGIN EC PRIVATE KEY' "$dir/$f" ||
        fail "openssl did not write $f as an encrypted EC PRIVATE KEY"
done

expect 0 jwk "$dir/plain.pem"
want=$(cat "$dir/out")
printf 'a message to sign\n' >"$dir/msg"
for f in "${files[@]}"; do
    expect 0 jwk --password-env TWOLEG_TEST_PW "$dir/$f" &&
        { [ "$(cat "$dir/out")" = "$want" ] || fail "jwk $f: $(cat "$dir/out") != $want"; }
    expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/$f" &&
        { grep -q '"type": "ec-p256"' "$dir/out" || fail "inspect $f: not ec-p256"; }
    expect 0 sign --key "$dir/$f" --password-env TWOLEG_TEST_PW --sig-format der --in "$dir/msg" --out "$dir/sig" &&
        { openssl dgst -sha256 -verify "$dir/pub.pem" -signature "$dir/sig" "$dir/msg" | grep -q 'Verified OK' ||
            fail "$f: openssl does not verify the signature"; }
    expect 0 verify --pub "$dir/$f" --password-env TWOLEG_TEST_PW --sig "$dir/sig" --sig-format der --in "$dir/msg"
    expect 0 dpop --key "$dir/$f" --password-env TWOLEG_TEST_PW --htm POST --htu https://oauth2.googleapis.com/token
    expect 0 convert --key "$dir/$f" --password-env TWOLEG_TEST_PW --to pkcs8-pem --out "$dir/conv.pem" &&
        { [ "$(openssl pkey -in "$dir/conv.pem" -pubout 2>/dev/null)" = "$(cat "$dir/pub.pem")" ] ||
            fail "convert $f: openssl reads another key"; }
    expect 2 convert --key "$dir/$f" --password-env TWOLEG_TEST_PW --to pkcs1-pem
    expect 3 assertion --key "$dir/$f" --password-env TWOLEG_TEST_PW --client-email a@b.iam.gserviceaccount.com \
        --scope openid
    # a wrong password: the one message
    expect 3 jwk --password-env TWOLEG_TEST_BAD_PW "$dir/$f" &&
        { grep -qF "$wrong_text" "$dir/err" || fail "$f with a wrong password: $(cat "$dir/err")"; }
    # no password (and no terminal)
    expect 3 sign --key "$dir/$f" --in "$dir/msg" </dev/null &&
        { grep -q -- '--password-file FILE or --password-env NAME' "$dir/err" || fail "$f without a password: $(cat "$dir/err")"; }
    # truncated at every 97th byte
    size=$(stat -c %s "$dir/$f")
    for ((n = 97; n < size; n += 97)); do
        head -c "$n" "$dir/$f" >"$dir/cut"
        expect 3 inspect --password-env TWOLEG_TEST_PW "$dir/cut" || fail "$f cut at $n bytes"
    done
done

# a flipped bit in the ciphertext of an encrypted PKCS#8 DER file: the one message
size=$(stat -c %s "$dir/p8-aes256-sha256.der")
for off in $((size - 1)) $((size - 20)); do
    byte=$(od -An -tu1 -j "$off" -N1 "$dir/p8-aes256-sha256.der" | tr -d ' ')
    { head -c "$off" "$dir/p8-aes256-sha256.der"; printf "\\$(printf %03o $((byte ^ 1)))"
      tail -c +$((off + 2)) "$dir/p8-aes256-sha256.der"; } >"$dir/flipped.der"
    expect 3 inspect --password-env TWOLEG_TEST_PW "$dir/flipped.der" &&
        { grep -qF "$wrong_text" "$dir/err" || fail "flipped bit at $off: $(cat "$dir/err")"; }
done

# other curves inside the containers are named
openssl ecparam -name secp384r1 -genkey -noout -out "$dir/p384.pem"
openssl req -x509 -new -subj /CN=ec -days 2 -key "$dir/p384.pem" -out "$dir/p384.crt"
openssl pkcs8 -topk8 -in "$dir/p384.pem" -v2 aes-256-cbc -passout "pass:$pw" -out "$dir/p384-p8.pem"
openssl ec -in "$dir/p384.pem" -aes256 -passout "pass:$pw" -out "$dir/p384-sec1.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$dir/p384.pem" -in "$dir/p384.crt" -passout "pass:$pw" -out "$dir/p384.p12"
for f in p384-p8.pem p384-sec1.pem p384.p12; do
    expect 3 jwk --password-env TWOLEG_TEST_PW "$dir/$f" &&
        { grep -q 'P-384' "$dir/err" || fail "$f: the curve is not named: $(cat "$dir/err")"; }
done

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok"
