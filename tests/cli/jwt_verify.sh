#!/usr/bin/env bash
# twoleg jwt verify: RFC 7515 A.2 (its public key built here with openssl from
# the RFC's JWK n and e), tampering, alg none, the HS256 key-confusion forgery
# (HMAC computed by openssl), wrong key, wrong audience, malformed input.
set -uo pipefail
. "$(dirname "$0")/common.sh" jwt

b64url_encode() { basenc --base64url -w0 | tr -d '='; }
hex_of() { b64url_decode "$1" | od -An -tx1 -v | tr -d ' \n'; }

# RFC 7515 A.2.
n=ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ
e=AQAB
header=eyJhbGciOiJSUzI1NiJ9
payload=eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ
signature=cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw
token=$header.$payload.$signature

printf 'asn1=SEQUENCE:key\n[key]\nn=INTEGER:0x%s\ne=INTEGER:0x%s\n' "$(hex_of "$n")" "$(hex_of "$e")" >"$dir/a2.cnf"
openssl asn1parse -genconf "$dir/a2.cnf" -noout -out "$dir/a2.der" &&
  openssl rsa -RSAPublicKey_in -inform DER -in "$dir/a2.der" -pubout -out "$dir/a2.pem" 2>/dev/null ||
  { echo "FAIL: cannot build the RFC 7515 A.2 public key with openssl"; exit 1; }
# openssl itself accepts the RFC's signature with it (so n and e are transcribed right).
printf %s "$header.$payload" >"$dir/a2.input"
b64url_decode "$signature" >"$dir/a2.sig"
openssl dgst -sha256 -verify "$dir/a2.pem" -signature "$dir/a2.sig" "$dir/a2.input" >/dev/null ||
  fail "openssl does not verify RFC 7515 A.2 with the rebuilt key"

# --- A.2 verifies at --now 1300819000 and is expired without it -----------------
expect 0 jwt verify --pub "$dir/a2.pem" --now 1300819000 "$token" &&
  [ "$(cat "$dir/out")" = '{"iss":"joe","exp":1300819380,"http://example.com/is_root":true}' ] ||
  fail "A.2 claims: $(cat "$dir/out")"
expect 0 jwt verify --pub "$dir/a2.pem" --now 1300819000 --iss joe "$token"
expect 1 jwt verify --pub "$dir/a2.pem" "$token" && grep -q 'expired' "$dir/err" || fail "A.2 must be expired now"
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819440 "$token"                   # exp + 60: past the leeway
expect 0 jwt verify --pub "$dir/a2.pem" --now 1300819439 "$token"                   # exp + 59
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819380 --leeway 0 "$token"
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819000 --iss jane "$token"
printf '%s\n' "$token" | "$cli" jwt verify --pub "$dir/a2.pem" --now 1300819000 - >"$dir/out" 2>"$dir/err" ||
  fail "token from standard input: $(cat "$dir/err")"

# --- tampered payload, signature, wrong key ----------------------------------------
tampered=$(printf '{"iss":"joe",\r\n "exp":1900819380,\r\n "http://example.com/is_root":true}' | b64url_encode)
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819000 "$header.$tampered.$signature" &&
  grep -q 'bad signature' "$dir/err" || fail "tampered payload: $(cat "$dir/err")"
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819000 "$header.$payload.d${signature:1}"
expect 1 jwt verify --pub "$keys/rsa-2048-e65537.spki.pem" --now 1300819000 "$token" &&
  grep -q 'bad signature' "$dir/err" || fail "wrong key: $(cat "$dir/err")"

# --- alg none (RFC 7515 A.5) and the HS256 forgery keyed with the PEM -----------------
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819000 "eyJhbGciOiJub25lIn0.$payload." &&
  grep -q 'unsupported algorithm' "$dir/err" || fail "alg none: $(cat "$dir/err")"
hs_header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url_encode)
printf %s "$hs_header.$payload" >"$dir/hs.input"
mac=$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(od -An -tx1 -v "$dir/a2.pem" | tr -d ' \n')" -binary "$dir/hs.input" |
  b64url_encode)
[ ${#mac} -eq 43 ] || fail "openssl HMAC failed"
expect 1 jwt verify --pub "$dir/a2.pem" --now 1300819000 "$hs_header.$payload.$mac" &&
  grep -q 'unsupported algorithm' "$dir/err" || fail "HS256 forgery: $(cat "$dir/err")"

# --- audience, with a token from twoleg assertion ---------------------------------------
sa=$keys/rsa-2048-e65537.sa.json
jwt=$("$cli" assertion --key "$sa" --scope https://www.googleapis.com/auth/drive) || fail "assertion failed"
expect 0 jwt verify --pub "$keys/rsa-2048-e65537.spki.pem" --aud https://oauth2.googleapis.com/token "$jwt"
expect 0 jwt verify --pub "$sa" --aud https://oauth2.googleapis.com/token "$jwt"          # the key file's public half
expect 0 jwt verify --pub "$keys/rsa-2048-e65537.cert.pem" "$jwt"
expect 1 jwt verify --pub "$keys/rsa-2048-e65537.spki.pem" --aud https://other.example/token "$jwt" &&
  grep -q 'wrong audience' "$dir/err" || fail "wrong audience: $(cat "$dir/err")"

# --- malformed tokens and keys: exit 3 -------------------------------------------
expect 3 jwt verify --pub "$dir/a2.pem" not-a-jwt
expect 3 jwt verify --pub "$dir/a2.pem" "$header.$payload"
expect 3 jwt verify --pub "$dir/a2.pem" "$header.$payload.$signature.x"
expect 3 jwt verify --pub "$dir/a2.pem" "$header=.$payload.$signature"
expect 3 jwt verify --pub "$dir/a2.pem" "$(printf '{"alg":"RS256"' | b64url_encode).$payload.$signature"
echo 'not a key' >"$dir/garbage.pem"
expect 3 jwt verify --pub "$dir/garbage.pem" "$token"
expect 3 jwt verify --pub "$keys/rsa-1024-e65537.spki.pem" "$token" && grep -q '2048' "$dir/err" ||
  fail "1024-bit key must be refused: $(cat "$dir/err")"
head -c 70000 /dev/zero | tr '\0' 'A' >"$dir/huge"
expect 3 jwt verify --pub "$dir/a2.pem" "$header.$(cat "$dir/huge").$signature"

# --- usage -------------------------------------------------------------------------
expect 2 jwt verify "$token"
expect 2 jwt verify --pub "$dir/a2.pem"
expect 2 jwt verify --pub "$dir/a2.pem" --leeway -1 "$token"
expect 2 jwt verify --pub "$dir/a2.pem" --now yesterday "$token"
expect 2 jwt frobnicate
expect 2 jwt
expect 4 jwt verify --pub "$dir/missing.pem" "$token"
expect 0 jwt --help

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "jwt verify CLI: all checks passed"
