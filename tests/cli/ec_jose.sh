# ES256 and DPoP against other libraries (Debian's python3-jwt and
# python3-jwcrypto, run with /usr/bin/python3): they verify twoleg's DPoP
# proofs (with the JWK from the proof's own header) and an ES256 JWT signed
# with `twoleg sign`; jwcrypto's thumbprint() equals `twoleg jwk --thumbprint`
# for EC and RSA keys; twoleg verifies PyJWT-made ES256 tokens and refuses
# algorithm mismatches.
set -u

. "$(dirname "$0")/common.sh" ec_jose
py=/usr/bin/python3
$py -c 'import jwt, jwcrypto' 2>/dev/null || { echo "python3-jwt and python3-jwcrypto are needed (scripts/install-deps)"; exit 1; }

openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ec.pem"
openssl ec -in "$dir/ec.pem" -pubout -out "$dir/ec.pub" 2>/dev/null
now=$(date +%s)

# --- DPoP proofs verified by PyJWT and jwcrypto with the header's JWK
expect 0 dpop --key "$dir/ec.pem" --htm POST --htu "https://oauth2.googleapis.com/token?a=b#c" --nonce n-0_x \
    --access-token "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"
cp "$dir/out" "$dir/proof"
$py - "$dir/proof" "$now" <<'PY' || fail "python does not accept twoleg's DPoP proof"
import json, sys, jwt
from jwt.algorithms import ECAlgorithm
from jwcrypto import jwk, jws
token = open(sys.argv[1]).read().strip()
now = int(sys.argv[2])
header = jwt.get_unverified_header(token)
assert header["typ"] == "dpop+jwt" and header["alg"] == "ES256", header
assert list(header) == ["typ", "alg", "jwk"], header
key = ECAlgorithm.from_jwk(json.dumps(header["jwk"]))
claims = jwt.decode(token, key=key, algorithms=["ES256"])
assert claims["htm"] == "POST" and claims["htu"] == "https://oauth2.googleapis.com/token", claims
assert claims["nonce"] == "n-0_x", claims
assert claims["ath"] == "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", claims
assert abs(claims["iat"] - now) < 120, claims
assert len(claims["jti"]) >= 22, claims
k = jwk.JWK(**header["jwk"])
s = jws.JWS()
s.deserialize(token)
s.verify(k)
assert json.loads(s.payload)["jti"] == claims["jti"]
PY
# Two proofs never share a jti; --iat and --jti are used as given.
expect 0 dpop --key "$dir/ec.pem" --htm POST --htu https://oauth2.googleapis.com/token
cut -d. -f2 "$dir/out" >"$dir/c1"
cut -d. -f2 "$dir/proof" >"$dir/c2"
[ "$(b64url_decode "$(cat "$dir/c1")" | $py -c 'import json,sys; print(json.load(sys.stdin)["jti"])')" != \
  "$(b64url_decode "$(cat "$dir/c2")" | $py -c 'import json,sys; print(json.load(sys.stdin)["jti"])')" ] || fail "jti repeated"
expect 0 dpop --key "$dir/ec.pem" --htm GET --htu https://www.googleapis.com/drive/v3/files --iat 1700000000 --jti abc
claims=$(b64url_decode "$(cut -d. -f2 "$dir/out")")
[ "$claims" = '{"jti":"abc","htm":"GET","htu":"https://www.googleapis.com/drive/v3/files","iat":1700000000}' ] ||
    fail "dpop claims: $claims"
printf 'tok.en\n' >"$dir/at"
expect 0 dpop --key "$dir/ec.pem" --htm GET --htu https://a.example/ --access-token-file "$dir/at" --jti j --iat 1
b64url_decode "$(cut -d. -f2 "$dir/out")" | grep -q "\"ath\":\"$(printf tok.en | sha256sum | cut -c1-64 | xxd -r -p | basenc --base64url | tr -d '=')\"" ||
    fail "--access-token-file: ath is not the SHA-256 of the file's first line"
expect 2 dpop --key "$dir/ec.pem" --htm POST
expect 2 dpop --key "$dir/ec.pem" --htu https://a.example/
expect 2 dpop --key "$dir/ec.pem" --htm POST --htu https://a.example/ --access-token a --access-token-file "$dir/at"
expect 2 dpop --key "$dir/ec.pem" --htm POST --htu /relative
expect 3 dpop --key "$dir/ec.pub" --htm POST --htu https://a.example/

# RS256 proofs with an RSA key, verified by PyJWT with the header's JWK.
rsa="$keys/rsa-2048-e65537.pkcs8.pem"
expect 0 dpop --key "$rsa" --htm POST --htu https://oauth2.googleapis.com/token
$py - "$dir/out" <<'PY' || fail "PyJWT does not accept twoleg's RS256 DPoP proof"
import json, sys, jwt
from jwt.algorithms import RSAAlgorithm
token = open(sys.argv[1]).read().strip()
header = jwt.get_unverified_header(token)
assert header["alg"] == "RS256"
jwt.decode(token, key=RSAAlgorithm.from_jwk(json.dumps(header["jwk"])), algorithms=["RS256"])
PY

# --- an ES256 JWT signed with `twoleg sign` (raw r||s), verified by PyJWT and jwcrypto
h=$(printf '{"alg":"ES256","typ":"JWT"}' | basenc --base64url | tr -d '=')
p=$(printf '{"sub":"x","exp":%s}' $((now + 600)) | basenc --base64url | tr -d '=')
printf '%s.%s' "$h" "$p" >"$dir/input"
expect 0 sign --key "$dir/ec.pem" --in "$dir/input" --out "$dir/sig"
token="$h.$p.$(basenc --base64url <"$dir/sig" | tr -d '=\n')"
$py - "$token" "$dir/ec.pub" <<'PY' || fail "python does not verify twoleg's ES256 JWT"
import sys, jwt
from jwcrypto import jwk, jws
token, pub = sys.argv[1], open(sys.argv[2], "rb").read()
assert jwt.decode(token, pub, algorithms=["ES256"])["sub"] == "x"
s = jws.JWS()
s.deserialize(token)
s.verify(jwk.JWK.from_pem(pub))
PY
expect 0 jwt verify --pub "$dir/ec.pub" "$token"

# --- PyJWT-made ES256 tokens verified by twoleg; mismatched algorithms refused
$py - "$dir/ec.pem" "$now" >"$dir/pyjwt" <<'PY'
import sys, jwt
key = open(sys.argv[1], "rb").read()
print(jwt.encode({"sub": "py", "exp": int(sys.argv[2]) + 600, "aud": "me"}, key, algorithm="ES256"))
PY
expect 0 jwt verify --pub "$dir/ec.pub" --aud me "$(cat "$dir/pyjwt")"
[ "$(cat "$dir/out")" = "{\"sub\":\"py\",\"exp\":$((now + 600)),\"aud\":\"me\"}" ] || fail "claims of a PyJWT token: $(cat "$dir/out")"
expect 0 jwt verify --pub "$dir/ec.pem" --aud me "$(cat "$dir/pyjwt")"
tampered=$($py -c 'import sys, base64
h, p, s = open(sys.argv[1]).read().strip().split(".")
sig = bytearray(base64.urlsafe_b64decode(s + "=="))
sig[10] ^= 1
print(h + "." + p + "." + base64.urlsafe_b64encode(bytes(sig)).decode().rstrip("="))' "$dir/pyjwt")
expect 1 jwt verify --pub "$dir/ec.pub" "$tampered"
# An RSA key accepts only RS256, a P-256 key only ES256.
expect 1 jwt verify --pub "$keys/rsa-2048-e65537.spki.pem" "$(cat "$dir/pyjwt")"
grep -q "ES256 needs a P-256 key" "$dir/err" || fail "RSA key with an ES256 token: $(cat "$dir/err")"
$py - "$rsa" "$now" >"$dir/rs256" <<'PY'
import sys, jwt
print(jwt.encode({"sub": "py", "exp": int(sys.argv[2]) + 600}, open(sys.argv[1], "rb").read(), algorithm="RS256"))
PY
expect 1 jwt verify --pub "$dir/ec.pub" "$(cat "$dir/rs256")"
grep -q "RS256 needs an RSA key" "$dir/err" || fail "EC key with an RS256 token: $(cat "$dir/err")"
none="$(printf '{"alg":"none"}' | basenc --base64url | tr -d '=').$p."
expect 1 jwt verify --pub "$dir/ec.pub" "$none"
$py - >"$dir/hs256" <<'PY'
import jwt
print(jwt.encode({"sub": "py", "exp": 4102444800}, "secret", algorithm="HS256"))
PY
expect 1 jwt verify --pub "$dir/ec.pub" "$(cat "$dir/hs256")"

# --- jwcrypto's thumbprint() equals twoleg jwk --thumbprint (EC and RSA)
for k in "$dir/ec.pem" "$dir/ec.pub" "$rsa" "$keys/rsa-2048-e65537.spki.pem"; do
    expect 0 jwk --thumbprint "$k" || continue
    ours=$(cat "$dir/out")
    theirs=$($py -c 'import sys; from jwcrypto import jwk; print(jwk.JWK.from_pem(open(sys.argv[1],"rb").read()).thumbprint())' "$k")
    [ "$ours" = "$theirs" ] || fail "thumbprint of $k: twoleg $ours, jwcrypto $theirs"
    expect 0 jwk "$k"
    $py -c 'import sys, json; from jwcrypto import jwk
ours = json.loads(sys.argv[2]); theirs = jwk.JWK.from_pem(open(sys.argv[1],"rb").read()).export_public(as_dict=True)
theirs.pop("kid", None)
assert ours == theirs, (ours, theirs)' "$k" "$(cat "$dir/out")" || fail "JWK of $k differs from jwcrypto's"
done
# A private JWK made by jwcrypto signs with twoleg; its public JWK verifies.
$py -c 'from jwcrypto import jwk; k = jwk.JWK.generate(kty="EC", crv="P-256"); print(k.export_private())' >"$dir/priv.jwk"
expect 0 sign --key "$dir/priv.jwk" --in "$dir/input" --out "$dir/jsig"
expect 0 verify --pub "$dir/priv.jwk" --sig "$dir/jsig" --in "$dir/input"

# --- token-response with DPoP answers (RFC 9449 §8 and §5)
printf 'HTTP/2 400\r\ncontent-type: application/json\r\ndpop-nonce: eyJ7S_zG.eyJH0-Z.HX4w-7v\r\n\r\n{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}' >"$dir/nonce.txt"
expect 1 token-response "$dir/nonce.txt"
grep -q -- "--nonce eyJ7S_zG.eyJH0-Z.HX4w-7v" "$dir/err" || fail "use_dpop_nonce: $(cat "$dir/err")"
printf '{"error":"use_dpop_nonce"}' >"$dir/nonce.json"
expect 1 token-response "$dir/nonce.json"
grep -q "DPoP-Nonce header" "$dir/err" || fail "use_dpop_nonce without headers: $(cat "$dir/err")"
printf 'HTTP/1.1 400 Bad Request\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n{"error":"invalid_dpop_proof","error_description":"Invalid DPoP proof"}' >"$dir/bad.txt"
expect 1 token-response --now 784111837 "$dir/bad.txt"
grep -q -- "--htm and --htu" "$dir/err" && grep -q "fresh jti" "$dir/err" && grep -q "ahead" "$dir/err" ||
    fail "invalid_dpop_proof: $(cat "$dir/err")"
printf 'HTTP/2 200\r\nDPoP-Nonce: n2\r\n\r\n{"access_token":"ya29.x","token_type":"DPoP","expires_in":3599}' >"$dir/ok.txt"
expect 0 token-response --json "$dir/ok.txt"
[ "$(cat "$dir/out")" = '{"access_token":"ya29.x","token_type":"DPoP","expires_in":3599,"dpop_nonce":"n2"}' ] ||
    fail "token-response --json with DPoP-Nonce: $(cat "$dir/out")"
expect 0 token-response "$dir/ok.txt"
[ "$(cat "$dir/out")" = "ya29.x" ] || fail "token-response with DPoP-Nonce: $(cat "$dir/out")"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ec jose: all checks passed"
