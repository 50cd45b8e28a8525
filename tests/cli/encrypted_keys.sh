# Encrypted keys made by the openssl command: PKCS#12 (.p12) as `openssl
# pkcs12 -export` writes it by default, with -legacy and with other
# -keypbe/-certpbe/-macalg choices, -nomac, a Google-like file; encrypted
# PKCS#8 (-v2 with several ciphers and PRFs, -v1 PBE-SHA1-3DES; PEM and DER);
# OpenSSL's encrypted traditional PEM (-aes128, -aes256, -des3).
# Each must sign byte-identically to `openssl dgst -sha256 -sign` on the plain
# key; a wrong password must give exit 3 and the one message that does not
# tell it from damage; every truncation at multiples of 97 bytes and a flipped
# bit in the MAC, the ciphertext and the salt must give exit 3.
set -u

. "$(dirname "$0")/common.sh" encrypted_keys

pw='correct horse'
export TWOLEG_TEST_PW="$pw"
export TWOLEG_TEST_BAD_PW='wrong horse'
wrong_text='wrong password, or the file is damaged: the integrity check failed'
legacy=(-provider default -provider legacy)

openssl genrsa -out "$dir/plain.pem" 2048 2>/dev/null || { echo "openssl genrsa failed"; exit 1; }
openssl req -new -x509 -key "$dir/plain.pem" -subj "/CN=112233445566778899001" -days 3650 \
    -out "$dir/cert.pem" 2>/dev/null || { echo "openssl req failed"; exit 1; }
printf 'a message to sign\n' >"$dir/msg"
openssl dgst -sha256 -sign "$dir/plain.pem" -out "$dir/ref.sig" "$dir/msg" || { echo "openssl dgst failed"; exit 1; }

# name|command writing $dir/NAME (the password is $pw)
p12() { openssl pkcs12 -export -inkey "$dir/plain.pem" -in "$dir/cert.pem" -passout "pass:$pw" "$@"; }
make_all() {
    p12 -out "$dir/default.p12"
    p12 -legacy -out "$dir/legacy.p12"
    p12 -keypbe AES-128-CBC -certpbe AES-192-CBC -macalg sha512 -out "$dir/aes128-sha512.p12"
    p12 -keypbe AES-256-CBC -certpbe NONE -macalg sha384 -out "$dir/aes256-sha384.p12"
    p12 "${legacy[@]}" -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-RC2-128 -macalg sha1 -out "$dir/3des-rc2-128.p12"
    p12 "${legacy[@]}" -keypbe PBE-SHA1-2DES -certpbe PBE-SHA1-3DES -macalg sha224 -out "$dir/2des.p12"
    p12 -keypbe DES-EDE3-CBC -certpbe AES-256-CBC -out "$dir/pbes2-des3.p12"
    p12 -keypbe NONE -certpbe NONE -out "$dir/keybag.p12"
    p12 -nomac -out "$dir/nomac.p12"
    p12 -legacy -iter 100000 -name privatekey -out "$dir/google-like.p12"
    local v
    for v in "aes-128-cbc hmacWithSHA1" "aes-256-cbc hmacWithSHA256" "des3 hmacWithSHA512" "aes-192-cbc hmacWithSHA384"; do
        set -- $v
        openssl pkcs8 -topk8 -in "$dir/plain.pem" -v2 "$1" -v2prf "$2" -passout "pass:$pw" -out "$dir/pkcs8-$1-$2.pem"
    done
    openssl pkcs8 -topk8 -in "$dir/plain.pem" -v2 aes-256-cbc -outform DER -passout "pass:$pw" -out "$dir/pkcs8-aes256.der"
    openssl pkcs8 -topk8 -in "$dir/plain.pem" "${legacy[@]}" -v1 PBE-SHA1-3DES -passout "pass:$pw" -out "$dir/pkcs8-v1-3des.pem"
    openssl pkcs8 -topk8 -in "$dir/plain.pem" "${legacy[@]}" -v1 PBE-SHA1-3DES -outform DER -passout "pass:$pw" \
        -out "$dir/pkcs8-v1-3des.der"
    for v in aes128 aes192 aes256 des3 des; do
        # Single DES lives in the legacy provider (without it openssl writes the key unencrypted).
        openssl rsa -in "$dir/plain.pem" "${legacy[@]}" -traditional "-$v" -passout "pass:$pw" \
            -out "$dir/trad-$v.pem" 2>/dev/null
    done
}
make_all || { echo "openssl could not make the encrypted files"; exit 1; }

files=(default.p12 legacy.p12 aes128-sha512.p12 aes256-sha384.p12 3des-rc2-128.p12 2des.p12 pbes2-des3.p12
    keybag.p12 nomac.p12 google-like.p12
    pkcs8-aes-128-cbc-hmacWithSHA1.pem pkcs8-aes-256-cbc-hmacWithSHA256.pem pkcs8-des3-hmacWithSHA512.pem
    pkcs8-aes-192-cbc-hmacWithSHA384.pem pkcs8-aes256.der pkcs8-v1-3des.pem pkcs8-v1-3des.der
    trad-aes128.pem trad-aes192.pem trad-aes256.pem trad-des3.pem trad-des.pem)
for f in "${files[@]}"; do [ -s "$dir/$f" ] || fail "openssl did not make $f"; done
for f in "$dir"/trad-*.pem; do grep -q "^Proc-Type: 4,ENCRYPTED" "$f" || fail "openssl did not encrypt $f"; done
for f in "$dir"/pkcs8-*.pem; do grep -q "^-----BEGIN ENCRYPTED PRIVATE KEY" "$f" || fail "openssl did not encrypt $f"; done

# JSON member (dotted path) of $dir/out, printed by python's json module.
json() { /usr/bin/python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v=v[int(k)] if isinstance(v,list) else v.get(k) if isinstance(v,dict) else None
    if v is None: break
print("" if v is None else json.dumps(v) if isinstance(v,(dict,list)) else str(v).lower() if isinstance(v,bool) else v)' "$dir/out" "$1"; }

# --- every file signs like openssl with the plain key, by each way of giving the password ---
printf '%s\n' "$pw" >"$dir/pw-lf"
printf '%s\r\n' "$pw" >"$dir/pw-crlf"
for f in "${files[@]}"; do
    for how in "--password-env TWOLEG_TEST_PW" "--password-file $dir/pw-lf" "--password-file $dir/pw-crlf"; do
        rm -f "$dir/sig"
        # shellcheck disable=SC2086
        expect 0 sign --key "$dir/$f" $how --in "$dir/msg" --out "$dir/sig" || continue
        cmp -s "$dir/sig" "$dir/ref.sig" || fail "$f ($how): signature differs from openssl dgst -sha256 -sign"
    done
    expect 0 verify --pub "$dir/$f" --password-env TWOLEG_TEST_PW --sig "$dir/ref.sig" --in "$dir/msg" &&
        { grep -qx 'Verified OK' "$dir/out" || fail "$f: verify did not say Verified OK"; }
done

# --- a wrong password: exit 3 and the one message, for every file ---
for f in "${files[@]}"; do
    [ "$f" = keybag.p12 ] && continue  # nothing encrypted; the MAC still refuses (checked below)
    expect 3 inspect --password-env TWOLEG_TEST_BAD_PW "$dir/$f" || continue
    grep -qF "$wrong_text" "$dir/err" || fail "$f with a wrong password: $(cat "$dir/err")"
done
expect 3 inspect --password-env TWOLEG_TEST_BAD_PW "$dir/keybag.p12" &&
    { grep -qF "$wrong_text" "$dir/err" || fail "keybag.p12 with a wrong password: $(cat "$dir/err")"; }

# --- no password: encrypted PKCS#8/PEM need one; .p12 made with another one too ---
for f in pkcs8-aes256.der trad-aes256.pem pkcs8-v1-3des.pem default.p12; do
    expect 3 inspect "$dir/$f" </dev/null || continue
    grep -q -- '--password-file FILE or --password-env NAME' "$dir/err" || fail "$f without a password: $(cat "$dir/err")"
    grep -qF "$pw" "$dir/err" && fail "$f: the message shows the password"
done

# --- truncated at every 97th byte: exit 3 (and no sanitizer report, which would change status or stderr) ---
for f in "${files[@]}"; do
    size=$(stat -c %s "$dir/$f")
    for ((n = 97; n < size; n += 97)); do
        head -c "$n" "$dir/$f" >"$dir/cut"
        expect 3 inspect --password-env TWOLEG_TEST_PW "$dir/cut" || fail "$f cut at $n bytes"
    done
done

# --- one flipped bit in the MAC, the ciphertext and the salt ---
# flip FILE OFFSET OUT: OUT is FILE with the low bit of byte OFFSET inverted.
flip() {
    local byte
    byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    { head -c "$2" "$1"; printf "\\$(printf %03o $((byte ^ 1)))"; tail -c +$(($2 + 2)) "$1"; } >"$3"
}
# Offsets from openssl asn1parse: "start of the contents" of the Nth (1-based, -1 = last)
# primitive OCTET STRING at depth D of a DER file.
octet_at() { # file depth index
    openssl asn1parse -inform DER -in "$1" |
        sed -nE 's/^ *([0-9]+):d=([0-9]+) +hl=([0-9]+) +l= *([0-9]+) +prim: +OCTET STRING.*/\1 \2 \3 \4/p' |
        awk -v d="$2" '$2 == d { print $1 + $3, $4 }' |
        { if [ "$3" = -1 ]; then tail -n1; else sed -n "$3p"; fi; }
}
refused_flip() { # label file
    expect 3 inspect --password-env TWOLEG_TEST_PW "$2" || { fail "$1"; return; }
    grep -qF "$wrong_text" "$dir/err" || fail "$1: $(cat "$dir/err")"
}
for f in default.p12 legacy.p12 aes128-sha512.p12 3des-rc2-128.p12 google-like.p12; do
    # PFX: authSafe content (d=3, first), MAC digest (d=3, last), MAC salt (d=2).
    read -r auth_at auth_len < <(octet_at "$dir/$f" 3 1)
    read -r mac_at mac_len < <(octet_at "$dir/$f" 3 -1)
    read -r salt_at salt_len < <(octet_at "$dir/$f" 2 -1)
    [ -n "${auth_at:-}" ] && [ -n "${mac_at:-}" ] && [ -n "${salt_at:-}" ] || { fail "$f: cannot find its parts"; continue; }
    flip "$dir/$f" $((mac_at + mac_len / 2)) "$dir/flipped"; refused_flip "$f, a bit of the MAC" "$dir/flipped"
    flip "$dir/$f" $((auth_at + auth_len - 40)) "$dir/flipped"; refused_flip "$f, a bit of the ciphertext" "$dir/flipped"
    flip "$dir/$f" $((salt_at + 1)) "$dir/flipped"; refused_flip "$f, a bit of the MAC salt" "$dir/flipped"
done
for f in pkcs8-aes256.der pkcs8-v1-3des.der; do
    # EncryptedPrivateKeyInfo: the salt is the first OCTET STRING, the ciphertext the last (d=1).
    read -r salt_at salt_len < <(octet_at "$dir/$f" 4 1)
    [ -n "${salt_at:-}" ] || read -r salt_at salt_len < <(octet_at "$dir/$f" 3 1)
    read -r data_at data_len < <(octet_at "$dir/$f" 1 -1)
    [ -n "${salt_at:-}" ] && [ -n "${data_at:-}" ] || { fail "$f: cannot find its parts"; continue; }
    for off in $((data_at + 3)) $((data_at + data_len / 2)) $((data_at + data_len - 1)) $((salt_at + 2)); do
        flip "$dir/$f" "$off" "$dir/flipped.der"
        refused_flip "$f, a bit at $off" "$dir/flipped.der"
        { echo "-----BEGIN ENCRYPTED PRIVATE KEY-----"; openssl base64 -in "$dir/flipped.der"
          echo "-----END ENCRYPTED PRIVATE KEY-----"; } >"$dir/flipped.pem"
        refused_flip "$f as PEM, a bit at $off" "$dir/flipped.pem"
    done
done
for v in aes128 aes256 des3; do
    f="$dir/trad-$v.pem"
    # The IV (and salt) in DEK-Info: change one hex digit; the body: one bit of the decoded ciphertext.
    dek=$(sed -n 3p "$f")
    iv=${dek#*,}
    [ "${iv:0:1}" = 0 ] && new=1 || new=0
    { sed -n 1,2p "$f"; echo "${dek%%,*},$new${iv:1}"; sed -n '4,$p' "$f"; } >"$dir/flipped.pem"
    cmp -s "$f" "$dir/flipped.pem" && fail "trad-$v: the IV flip changed nothing"
    refused_flip "trad-$v, the IV" "$dir/flipped.pem"
    head -n3 "$f" >"$dir/head"
    sed -n '5,$p' "$f" | grep -v '^-----END' | openssl base64 -d >"$dir/body"
    for off in 3 $(( $(stat -c %s "$dir/body") / 2 )) $(( $(stat -c %s "$dir/body") - 1 )); do
        flip "$dir/body" "$off" "$dir/body.flipped"
        { cat "$dir/head"; echo; openssl base64 -in "$dir/body.flipped"; echo "-----END RSA PRIVATE KEY-----"; } >"$dir/flipped.pem"
        refused_flip "trad-$v, a bit at $off of the ciphertext" "$dir/flipped.pem"
    done
done

# --- inspect: the container's description ---
expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/default.p12" && {
    [ "$(json format)" = pkcs12 ] || fail "default.p12: format $(json format)"
    [ "$(json container.mac.algorithm)" = HMAC-SHA256 ] || fail "default.p12: mac $(json container.mac)"
    [ "$(json container.mac.iterations)" = 2048 ] || fail "default.p12: mac iterations $(json container.mac)"
    [ "$(json container.key_encryption.scheme)" = PBES2 ] || fail "default.p12: $(json container.key_encryption)"
    [ "$(json container.key_encryption.kdf)" = PBKDF2-HMAC-SHA256 ] || fail "default.p12: $(json container.key_encryption)"
    [ "$(json container.key_encryption.cipher)" = AES-256-CBC ] || fail "default.p12: $(json container.key_encryption)"
    [ "$(json container.certificate_encryption.cipher)" = AES-256-CBC ] || fail "default.p12: $(json container.certificate_encryption)"
    [ "$(json container.certificate.subject_cn)" = 112233445566778899001 ] || fail "default.p12: $(json container.certificate)"
    # Validity as openssl reports it ("notBefore=Jan  1 00:00:00 2026 GMT"), in RFC 3339.
    want_nb=$(date -u -d "$(openssl x509 -in "$dir/cert.pem" -noout -startdate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)
    want_na=$(date -u -d "$(openssl x509 -in "$dir/cert.pem" -noout -enddate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)
    [ "$(json container.certificate.not_before)" = "$want_nb" ] || fail "default.p12: not_before $(json container.certificate.not_before), openssl $want_nb"
    [ "$(json container.certificate.not_after)" = "$want_na" ] || fail "default.p12: not_after $(json container.certificate.not_after), openssl $want_na"
    grep -qF "$pw" "$dir/out" && fail "inspect shows the password"
}
expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/legacy.p12" && {
    [ "$(json container.key_encryption.scheme)" = pbeWithSHAAnd3-KeyTripleDES-CBC ] || fail "legacy.p12: $(json container.key_encryption)"
    [ "$(json container.key_encryption.iterations)" = 2048 ] || fail "legacy.p12: $(json container.key_encryption)"
    [ "$(json container.certificate_encryption.scheme)" = pbeWithSHAAnd40BitRC2-CBC ] || fail "legacy.p12: $(json container.certificate_encryption)"
    [ "$(json container.mac.algorithm)" = HMAC-SHA1 ] || fail "legacy.p12: $(json container.mac)"
}
expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/nomac.p12" &&
    { json notes | grep -q 'no integrity check' || fail "nomac.p12: notes $(json notes)"; }
expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/pkcs8-des3-hmacWithSHA512.pem" && {
    [ "$(json format)" = pkcs8-encrypted-pem ] || fail "pkcs8 pem: format $(json format)"
    [ "$(json container.key_encryption.kdf)" = PBKDF2-HMAC-SHA512 ] || fail "pkcs8 des3: $(json container.key_encryption)"
    [ "$(json container.key_encryption.cipher)" = DES-EDE3-CBC ] || fail "pkcs8 des3: $(json container.key_encryption)"
}
expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/pkcs8-aes256.der" &&
    { [ "$(json format)" = pkcs8-encrypted-der ] || fail "pkcs8 der: format $(json format)"; }
expect 0 inspect --password-env TWOLEG_TEST_PW "$dir/trad-aes128.pem" && {
    [ "$(json format)" = pem-encrypted ] || fail "trad pem: format $(json format)"
    [ "$(json container.key_encryption.cipher)" = AES-128-CBC ] || fail "trad pem: $(json container.key_encryption)"
}

# --- Google's convention: password notasecret, friendlyName privatekey, CN = the numeric client ID ---
openssl pkcs12 -export -legacy -iter 100000 -inkey "$dir/plain.pem" -in "$dir/cert.pem" -name privatekey \
    -passout pass:notasecret -out "$dir/google.p12"
expect 0 inspect "$dir/google.p12" </dev/null && {
    [ "$(json container.friendly_name)" = privatekey ] || fail "google.p12: friendly_name $(json container.friendly_name)"
    [ "$(json container.certificate.subject_cn)" = 112233445566778899001 ] || fail "google.p12: $(json container.certificate)"
    [ "$(json container.mac.iterations)" = 100000 ] || fail "google.p12: $(json container.mac)"
    json notes | grep -q notasecret || fail "google.p12: notes $(json notes)"
}
expect 0 sign --key "$dir/google.p12" --in "$dir/msg" --out "$dir/sig" </dev/null &&
    { cmp -s "$dir/sig" "$dir/ref.sig" || fail "google.p12 (no password given): signature differs"; }
openssl pkcs12 -export -inkey "$dir/plain.pem" -in "$dir/cert.pem" -passout pass: -out "$dir/empty-pw.p12"
expect 0 inspect "$dir/empty-pw.p12" </dev/null &&
    { json notes | grep -q 'empty password' || fail "empty-pw.p12: notes $(json notes)"; }
printf '' >"$dir/pw-empty"
expect 0 sign --key "$dir/empty-pw.p12" --password-file "$dir/pw-empty" --in "$dir/msg" --out "$dir/sig" &&
    { cmp -s "$dir/sig" "$dir/ref.sig" || fail "empty-pw.p12: signature differs"; }

# --- refused by name ---
refused_name() { # label file text
    expect 3 inspect --password-env TWOLEG_TEST_PW "$2" || { fail "$1"; return; }
    grep -qF "$3" "$dir/err" || fail "$1: $(cat "$dir/err")"
}
p12 "${legacy[@]}" -keypbe PBE-SHA1-RC4-128 -certpbe NONE -out "$dir/rc4.p12" &&
    refused_name "RC4 key bag" "$dir/rc4.p12" "pbeWithSHAAnd128BitRC4 (1.2.840.113549.1.12.1.1)"
p12 -macalg md5 -out "$dir/md5.p12" 2>/dev/null &&
    refused_name "MD5 MAC" "$dir/md5.p12" "MD5 (1.2.840.113549.2.5)"
openssl pkcs8 -topk8 -in "$dir/plain.pem" -scrypt -passout "pass:$pw" -out "$dir/scrypt.pem" &&
    refused_name "scrypt" "$dir/scrypt.pem" "scrypt (1.3.6.1.4.1.11591.4.11)"
openssl pkcs8 -topk8 -in "$dir/plain.pem" "${legacy[@]}" -v1 PBE-MD5-DES -passout "pass:$pw" -out "$dir/md5des.pem" &&
    refused_name "PBES1 MD5-DES" "$dir/md5des.pem" "pbeWithMD5AndDES-CBC (1.2.840.113549.1.5.3)"
openssl pkcs8 -topk8 -in "$dir/plain.pem" "${legacy[@]}" -v1 PBE-SHA1-RC2-40 -passout "pass:$pw" -out "$dir/rc2key.pem" &&
    refused_name "RC2 for a key" "$dir/rc2key.pem" "RC2"

# --- convert: the same bytes openssl writes for the plain key, mode 0600 ---
openssl pkcs8 -topk8 -nocrypt -in "$dir/plain.pem" -out "$dir/want.pkcs8.pem"
openssl pkcs8 -topk8 -nocrypt -in "$dir/plain.pem" -outform DER -out "$dir/want.pkcs8.der"
openssl rsa -in "$dir/plain.pem" -traditional -out "$dir/want.pkcs1.pem" 2>/dev/null
for to in pkcs8-pem pkcs8-der pkcs1-pem; do
    want="$dir/want.${to%-*}.${to#*-}"
    for f in legacy.p12 trad-des3.pem pkcs8-aes256.der; do
        rm -f "$dir/conv"
        expect 0 convert --key "$dir/$f" --password-env TWOLEG_TEST_PW --to "$to" --out "$dir/conv" || continue
        cmp -s "$dir/conv" "$want" || fail "convert $f --to $to differs from openssl's"
        [ "$(stat -c %a "$dir/conv")" = 600 ] || fail "convert --out: mode $(stat -c %a "$dir/conv"), want 600"
    done
done
ls "$dir" | grep -q 'conv.tmp' && fail "convert left a temporary file"
expect 0 convert --key "$dir/google.p12" --to service-account-json --client-email sa@p.iam.gserviceaccount.com \
    --key-id 0123abcd --project-id p --out "$dir/sa.json" </dev/null && {
    expect 0 inspect "$dir/sa.json" && {
        [ "$(json client_email)" = sa@p.iam.gserviceaccount.com ] || fail "converted sa.json: client_email $(json client_email)"
        [ "$(json private_key_id)" = 0123abcd ] || fail "converted sa.json: private_key_id"
    }
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["client_id"]=="112233445566778899001", d' \
        "$dir/sa.json" || fail "converted sa.json: client_id is not the certificate's CN"
    expect 0 sign --key "$dir/sa.json" --in "$dir/msg" --out "$dir/sig" &&
        { cmp -s "$dir/sig" "$dir/ref.sig" || fail "converted sa.json signs differently"; }
}
expect 2 convert --key "$dir/google.p12" --to service-account-json --key-id x </dev/null
# Without --key-id the file has no private_key_id (Google accepts assertions without kid).
expect 0 convert --key "$dir/google.p12" --to service-account-json --client-email sa@p.iam.gserviceaccount.com \
    --out "$dir/sa-no-kid.json" </dev/null &&
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "private_key_id" not in d, d' \
        "$dir/sa-no-kid.json" || fail "convert without --key-id must leave private_key_id out"
expect 0 assertion --key "$dir/sa-no-kid.json" --scope https://www.googleapis.com/auth/cloud-platform </dev/null &&
    [ "$(cut -d. -f1 "$dir/out" | tr -d '\n' | basenc --base64url -d 2>/dev/null)" = '{"alg":"RS256","typ":"JWT"}' ] ||
    fail "an assertion from a file without private_key_id must carry no kid"
expect 2 convert --key "$dir/google.p12" --to pkcs12 </dev/null
expect 3 convert --key "$dir/default.p12" --password-env TWOLEG_TEST_BAD_PW --to pkcs8-pem --out "$dir/never"
[ -e "$dir/never" ] && fail "convert wrote a file although it failed"

# --- assertion and token-request sign with a .p12 or PKCS#8 key and --client-email/--key-id ---
common=(--scope https://www.googleapis.com/auth/cloud-platform --iat 1700000000)
expect 0 assertion --key "$dir/sa.json" "${common[@]}" && cp "$dir/out" "$dir/from-json.jwt"
expect 0 assertion --key "$dir/google.p12" --client-email sa@p.iam.gserviceaccount.com --key-id 0123abcd \
    "${common[@]}" </dev/null && { cmp -s "$dir/out" "$dir/from-json.jwt" || fail "assertion from .p12 differs from the JSON file's"; }
expect 0 assertion --key "$dir/pkcs8-aes256.der" --password-env TWOLEG_TEST_PW \
    --client-email sa@p.iam.gserviceaccount.com "${common[@]}" && {
    header=$(b64url_decode "$(cut -d. -f1 "$dir/out")")
    [ "$header" = '{"alg":"RS256","typ":"JWT"}' ] || fail "assertion without --key-id: header $header"
    # The signature, checked by openssl with the plain key's public half.
    jwt=$(tr -d '\n' <"$dir/out")
    printf %s "${jwt%.*}" >"$dir/signed"
    b64url_decode "${jwt##*.}" >"$dir/jwt.sig"
    openssl dgst -sha256 -verify <(openssl rsa -in "$dir/plain.pem" -pubout 2>/dev/null) -signature "$dir/jwt.sig" \
        "$dir/signed" >/dev/null || fail "assertion from encrypted PKCS#8: openssl does not verify its signature"
}
expect 0 token-request --key "$dir/legacy.p12" --password-env TWOLEG_TEST_PW --client-email sa@p.iam.gserviceaccount.com \
    "${common[@]}" && { grep -q '^grant_type=' "$dir/out" || fail "token-request from .p12: $(cat "$dir/out")"; }
[ -s "$dir/from-json.jwt" ] && expect 0 jwt verify --pub "$dir/legacy.p12" --password-env TWOLEG_TEST_PW \
    --aud https://oauth2.googleapis.com/token --now 1700000100 "$(tr -d '\n' <"$dir/from-json.jwt")"
expect 2 assertion --key "$dir/legacy.p12" --password-env TWOLEG_TEST_PW "${common[@]}"
expect 2 assertion --key "$dir/sa.json" --client-email other@p.iam.gserviceaccount.com "${common[@]}"
expect 2 assertion --key "$dir/sa.json" --key-id other "${common[@]}"

# --- password options: usage errors ---
expect 2 inspect --password-env TWOLEG_TEST_PW --password-file "$dir/pw-lf" "$dir/default.p12"
expect 2 inspect --password-env TWOLEG_TEST_UNSET_VARIABLE "$dir/default.p12"
expect 4 inspect --password-file "$dir/no-such-file" "$dir/default.p12"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "encrypted keys: all checks passed"
