#!/usr/bin/env bash
# twoleg jwt verify --jwks / --x509-certs: Google-style ID tokens. The keys,
# the JWK Set (n and e from openssl's modulus) and the kid -> certificate map
# (openssl req -x509) are made here; the tokens are signed by PyJWT with a
# kid. Right key, unknown kid, rotated set, kid naming another key, wrong
# aud/iss/nonce/hd, both Google issuers, expired, and malformed sets.
set -uo pipefail
. "$(dirname "$0")/common.sh" oauth_id_token
py=/usr/bin/python3
$py -c 'import jwt' 2>/dev/null || { echo "FAIL: python3-jwt is not installed (scripts/install-deps)"; exit 1; }

for k in k1 k2 k3; do
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/$k.pem" 2>/dev/null || { echo "FAIL: openssl genpkey"; exit 1; }
  openssl req -x509 -new -key "$dir/$k.pem" -subj "/CN=$k" -days 2 -out "$dir/$k.crt" 2>/dev/null || { echo "FAIL: openssl req"; exit 1; }
  # n as base64url of the modulus octets (openssl prints it in hex), e = 65537 = AQAB.
  n=$(openssl rsa -in "$dir/$k.pem" -noout -modulus 2>/dev/null | sed 's/^Modulus=//' | xxd -r -p | basenc --base64url -w0 | tr -d '=')
  printf '{"kty":"RSA","alg":"RS256","use":"sig","kid":"%s","n":"%s","e":"AQAB"}' "$k" "$n" >"$dir/$k.jwk"
done
jwks() { local sep='' out='{"keys":['; for k in "$@"; do out+="$sep$(cat "$dir/$k.jwk")"; sep=,; done; printf '%s]}' "$out"; }
x509map() { $py -c 'import json,sys; d=sys.argv[1]; print(json.dumps({k: open(f"{d}/{k}.crt").read() for k in sys.argv[2:]}))' "$dir" "$@"; }
jwks k1 k2 >"$dir/set12.json"
jwks k2 k3 >"$dir/set23.json"      # k1 rotated out
x509map k1 k2 >"$dir/map12.json"
x509map k2 k3 >"$dir/map23.json"
# An EC key (skipped: it cannot check RS256) beside k1.
printf '{"keys":[{"kty":"EC","crv":"P-256","kid":"ec","x":"AA","y":"AA"},%s]}' "$(cat "$dir/k1.jwk")" >"$dir/set-ec.json"

now=$(date +%s)
# sign KEY-FILE KID CLAIMS-JSON: a token signed by PyJWT (no kid header if KID is '-')
sign() {
  $py - "$@" <<'PY'
import json, sys, jwt
key, kid, claims = open(sys.argv[1]).read(), sys.argv[2], json.loads(sys.argv[3])
headers = {} if kid == "-" else {"kid": kid}
print(jwt.encode(claims, key, algorithm="RS256", headers=headers))
PY
}
aud=123456789012-web.apps.googleusercontent.com
claims() {  # EXTRA-JSON-MEMBERS
  printf '{"iss":"https://accounts.google.com","aud":"%s","sub":"110169484474386276334","email":"ann@example.com","hd":"example.com","nonce":"n-0S6","iat":%d,"exp":%d%s}' \
    "$aud" "$now" "$((now + 3600))" "${1:-}"
}
t1=$(sign "$dir/k1.pem" k1 "$(claims)") || fail "PyJWT sign"
t2=$(sign "$dir/k2.pem" k2 "$(claims)")
google_iss=(--iss accounts.google.com --iss https://accounts.google.com)

# --- right key, both forms of Google's key set ----------------------------------------------
for set in "--jwks $dir/set12.json" "--x509-certs $dir/map12.json" "--jwks $dir/set-ec.json"; do
  # shellcheck disable=SC2086
  expect 0 jwt verify $set --aud "$aud" "${google_iss[@]}" --nonce n-0S6 --hd example.com "$t1" &&
    grep -q '"email":"ann@example.com"' "$dir/out" || fail "right key ($set): $(cat "$dir/out")"
done
expect 0 jwt verify --jwks "$dir/set12.json" "$t2"
ta=$(sign "$dir/k1.pem" k1 "$(claims | sed 's|"iss":"https://accounts.google.com"|"iss":"accounts.google.com"|')")
expect 0 jwt verify --jwks "$dir/set12.json" "${google_iss[@]}" "$ta"              # the other Google issuer
expect 1 jwt verify --jwks "$dir/set12.json" --iss https://accounts.google.com "$ta" && grep -q 'wrong issuer' "$dir/err" ||
  fail "one issuer only: $(cat "$dir/err")"

# --- unknown kid, rotated set, kid naming another key -------------------------------------------
for set in "--jwks $dir/set23.json" "--x509-certs $dir/map23.json"; do
  # shellcheck disable=SC2086
  expect 1 jwt verify $set "$t1" && grep -q 'not in the key set; fetch it again, Google rotates its keys' "$dir/err" ||
    fail "rotated set ($set): $(cat "$dir/err")"
  # shellcheck disable=SC2086
  expect 0 jwt verify $set --aud "$aud" "$t2"     # a key still in the rotated set
done
tu=$(sign "$dir/k1.pem" unknown "$(claims)")
expect 1 jwt verify --jwks "$dir/set12.json" "$tu" && grep -q 'not in the key set' "$dir/err" || fail "unknown kid"
tx=$(sign "$dir/k1.pem" k2 "$(claims)")        # signed by k1, claims to be k2
expect 1 jwt verify --jwks "$dir/set12.json" "$tx" && grep -q 'bad signature' "$dir/err" || fail "kid naming another key: $(cat "$dir/err")"
expect 1 jwt verify --x509-certs "$dir/map12.json" "$tx"
tn=$(sign "$dir/k1.pem" - "$(claims)")
expect 3 jwt verify --jwks "$dir/set12.json" "$tn" && grep -q 'no kid' "$dir/err" || fail "no kid: $(cat "$dir/err")"

# --- claims: aud, iss, nonce, hd, expiry -----------------------------------------------------------
expect 1 jwt verify --jwks "$dir/set12.json" --aud other-client "$t1" && grep -q 'wrong audience' "$dir/err" || fail "wrong aud"
expect 1 jwt verify --jwks "$dir/set12.json" --iss https://evil.example "$t1" && grep -q 'wrong issuer' "$dir/err" || fail "wrong iss"
expect 1 jwt verify --jwks "$dir/set12.json" --nonce other "$t1" && grep -q 'wrong nonce' "$dir/err" || fail "wrong nonce"
tnn=$(sign "$dir/k1.pem" k1 "$(claims | sed 's|"nonce":"n-0S6",||')")
expect 1 jwt verify --jwks "$dir/set12.json" --nonce n-0S6 "$tnn" && grep -q 'no nonce' "$dir/err" || fail "missing nonce"
expect 0 jwt verify --jwks "$dir/set12.json" "$tnn"
expect 1 jwt verify --jwks "$dir/set12.json" --hd other.example "$t1" && grep -q 'hosted domain' "$dir/err" || fail "wrong hd"
tnh=$(sign "$dir/k1.pem" k1 "$(claims | sed 's|"hd":"example.com",||')")
expect 1 jwt verify --jwks "$dir/set12.json" --hd example.com "$tnh" && grep -q 'not in a Google Workspace domain' "$dir/err" ||
  fail "missing hd: $(cat "$dir/err")"
expect 1 jwt verify --jwks "$dir/set12.json" --now "$((now + 3700))" "$t1" && grep -q 'expired' "$dir/err" || fail "expired"
te=$(sign "$dir/k1.pem" k1 "{\"iss\":\"https://accounts.google.com\",\"aud\":\"$aud\",\"iat\":$((now - 7200)),\"exp\":$((now - 3600))}")
expect 1 jwt verify --jwks "$dir/set12.json" "$te" && grep -q 'expired' "$dir/err" || fail "expired token"
ths=$($py -c 'import jwt,sys; print(jwt.encode({"exp": 9999999999}, "k", algorithm="HS256", headers={"kid": "k1"}))')
expect 1 jwt verify --jwks "$dir/set12.json" "$ths" && grep -q 'unsupported algorithm' "$dir/err" || fail "HS256 with a known kid"

# --- malformed sets -------------------------------------------------------------------------------
expect 3 jwt verify --x509-certs "$dir/set12.json" "$t1" && grep -q 'use --jwks' "$dir/err" || fail "JWKS as map: $(cat "$dir/err")"
expect 3 jwt verify --jwks "$dir/map12.json" "$t1" && grep -q 'x509-certs' "$dir/err" || fail "map as JWKS: $(cat "$dir/err")"
bad_set() { printf '%s' "$1" >"$dir/bad.json"; expect 3 jwt verify --jwks "$dir/bad.json" "$t1" || fail "bad set accepted: $1"; }
bad_set '{"keys":[]}'
bad_set '{"keys":{}}'
bad_set '{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}'                                  # no kid
bad_set "{\"keys\":[$(cat "$dir/k1.jwk"),$(cat "$dir/k1.jwk")]}"                          # kid twice
bad_set "$(sed 's|"e":"AQAB"|"e":"AAEAAQ"|' "$dir/k1.jwk" | sed 's|^|{"keys":[|; s|$|]}|')"   # leading zero in e
bad_set "$(sed 's|"n":"|"n":"=|' "$dir/k1.jwk" | sed 's|^|{"keys":[|; s|$|]}|')"             # not base64url
bad_set '{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}'                          # 17-bit modulus
bad_set '{"keys":[1]}'
bad_set '{"keys":[],"keys":[]}'
bad_set 'not json'
printf '{"k1":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n"}' >"$dir/badmap.json"
expect 3 jwt verify --x509-certs "$dir/badmap.json" "$t1" && grep -q 'CERTIFICATE' "$dir/err" || fail "map with a non-certificate"
expect 2 jwt verify --jwks "$dir/set12.json" --pub "$dir/k1.pem" "$t1"
expect 2 jwt verify "$t1"
expect 4 jwt verify --jwks "$dir/missing.json" "$t1"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ID tokens: all checks passed"
