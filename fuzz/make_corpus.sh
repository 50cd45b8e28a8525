#!/usr/bin/env bash
# Regenerates the generated part of the fuzz seed corpora:
#   fuzz/make_corpus.sh [CORPUS_DIR]        (default: fuzz/corpus next to this script)
#
# Two kinds of seeds are (re)written, each kind under its own file-name prefix:
#   gen-*    real keys, certificates, service-account files and tokens written by
#            the openssl command (fresh keys on every run: 1024 bits, small and
#            quick; JWTs are signed with examples/demo-service-account.json,
#            whose public half fuzz_jwt.cpp verifies with);
#   table-*  the malformed (and boundary) cases of the unit-test tables,
#            read out of tests/test_der.cpp, test_base64.cpp and
#            test_token_response.cpp, plus the PEM and key cases of
#            test_pem.cpp and the malformed-key tests written out here.
# Other files (regress-*: inputs the fuzzers found, kept as regressions, and
# merged-*: small inputs merged from fuzzing campaigns) are left alone.
# Needs: openssl, python3, basenc (coreutils).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${1:-$here/corpus}
export OPENSSL_CONF=/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in base64 pem der key jwt pkcs12; do
    mkdir -p "$out/$t"
    rm -f "$out/$t"/gen-* "$out/$t"/table-*
done

# ---------------------------------------------------------------------------
# Keys and certificates (openssl).
cd "$tmp"
openssl genrsa -out k.pem 1024 2>/dev/null
openssl rsa -in k.pem -traditional -out pkcs1.pem 2>/dev/null
openssl rsa -in k.pem -traditional -outform DER -out pkcs1.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in k.pem -out pkcs8.pem
openssl pkcs8 -topk8 -nocrypt -in k.pem -outform DER -out pkcs8.der
openssl rsa -in k.pem -pubout -out spki.pem 2>/dev/null
openssl rsa -in k.pem -pubout -outform DER -out spki.der 2>/dev/null
openssl rsa -in k.pem -RSAPublicKey_out -out rsapub.pem 2>/dev/null
openssl rsa -in k.pem -RSAPublicKey_out -outform DER -out rsapub.der 2>/dev/null
openssl req -x509 -new -key k.pem -subj /CN=twoleg-fuzz -days 1 -out cert.pem
openssl x509 -in cert.pem -outform DER -out cert.der
openssl req -new -key k.pem -subj /CN=twoleg-fuzz -out csr.pem
openssl req -in csr.pem -outform DER -out csr.der
openssl genrsa -3 1024 2>/dev/null | openssl rsa -traditional -outform DER -out e3-pkcs1.der 2>/dev/null
openssl genrsa -primes 3 1024 2>/dev/null | openssl rsa -traditional -outform DER -out multiprime.der 2>/dev/null
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:1024 -out pss.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-pkcs8.pem
openssl ec -in ec-pkcs8.pem -out ec-trad.pem 2>/dev/null
openssl pkey -in ec-pkcs8.pem -outform DER -out ec-pkcs8.der
openssl genpkey -algorithm ED25519 -out ed25519.pem
openssl pkcs8 -topk8 -in k.pem -v2 aes-256-cbc -iter 1 -passout pass:x -out enc-pkcs8.pem
openssl rsa -in k.pem -aes256 -traditional -passout pass:x -out enc-trad.pem 2>/dev/null
# More encrypted keys (password x, few iterations: the seeds stay quick to run).
legacy=(-provider default -provider legacy)
openssl pkcs8 -topk8 -in k.pem -v2 aes-128-cbc -v2prf hmacWithSHA512 -iter 1 -passout pass:x -outform DER \
    -out enc-pkcs8-aes128-sha512.der
openssl pkcs8 -topk8 -in k.pem -v2 des3 -v2prf hmacWithSHA1 -iter 1 -passout pass:x -out enc-pkcs8-des3-sha1.pem
openssl pkcs8 -topk8 -in k.pem "${legacy[@]}" -v1 PBE-SHA1-3DES -iter 1 -passout pass:x -out enc-pkcs8-v1-3des.pem
openssl pkcs8 -topk8 -in k.pem -scrypt -passout pass:x -out enc-pkcs8-scrypt.pem
openssl rsa -in k.pem -des3 -traditional -passout pass:x -out enc-trad-des3.pem 2>/dev/null
openssl rsa -in k.pem "${legacy[@]}" -des -traditional -passout pass:x -out enc-trad-des.pem 2>/dev/null
openssl rsa -in k.pem -aes128 -traditional -passout pass:x -out enc-trad-aes128.pem 2>/dev/null
# PKCS#12 files (at most 2048 iterations: fuzzing builds refuse more).
p12() { openssl pkcs12 -export -inkey k.pem -in cert.pem "$@"; }
p12 -passout pass:x -out p12-default.p12
p12 -legacy -passout pass:notasecret -name privatekey -out p12-google.p12
p12 -passout pass: -out p12-empty-password.p12
p12 -nomac -passout pass:notasecret -out p12-nomac.p12
p12 -keypbe NONE -certpbe NONE -passout pass:notasecret -out p12-keybag.p12
p12 "${legacy[@]}" -keypbe PBE-SHA1-2DES -certpbe PBE-SHA1-RC2-128 -macalg sha224 -iter 1 -passout pass:notasecret \
    -out p12-2des-rc2-128.p12
p12 -keypbe AES-128-CBC -certpbe AES-192-CBC -macalg sha512 -iter 1 -passout pass:x -out p12-aes-sha512.p12
p12 -nocerts -passout pass:notasecret -out p12-no-cert.p12
# EC P-256 keys in the encrypted forms (they reach the EC route after decryption).
openssl req -new -x509 -key ec-pkcs8.pem -subj /CN=ec -days 3650 -out ec-cert.pem 2>/dev/null
openssl pkcs12 -export -inkey ec-pkcs8.pem -in ec-cert.pem -iter 1 -passout pass:notasecret -out p12-ec.p12
openssl pkcs8 -topk8 -in ec-pkcs8.pem -v2 aes-256-cbc -iter 1 -passout pass:x -out enc-ec-pkcs8.pem
openssl ec -in ec-pkcs8.pem -aes256 -passout pass:x -out enc-ec-sec1.pem 2>/dev/null
openssl pkcs12 -export -nokeys -in cert.pem -passout pass:notasecret -out p12-cert-only.p12

key="$out/key"
for f in pkcs1.pem pkcs1.der pkcs8.pem pkcs8.der spki.pem spki.der rsapub.pem rsapub.der cert.pem cert.der \
         csr.pem e3-pkcs1.der multiprime.der pss.pem ec-pkcs8.pem ec-trad.pem ed25519.pem enc-pkcs8.pem enc-trad.pem \
         enc-pkcs8-aes128-sha512.der enc-pkcs8-des3-sha1.pem enc-pkcs8-v1-3des.pem enc-pkcs8-scrypt.pem \
         enc-trad-des3.pem enc-trad-des.pem enc-trad-aes128.pem p12-default.p12 p12-ec.p12 enc-ec-pkcs8.pem \
         enc-ec-sec1.pem; do
    cp "$f" "$key/gen-$f"
done
for f in p12-*.p12 enc-pkcs8-aes128-sha512.der enc-trad-des3.pem enc-ec-pkcs8.pem enc-ec-sec1.pem; do
    cp "$f" "$out/pkcs12/gen-$f"
done

der="$out/der"
for f in pkcs1.der pkcs8.der spki.der rsapub.der cert.der csr.der multiprime.der ec-pkcs8.der; do
    cp "$f" "$der/gen-$f"
done

pem="$out/pem"
for f in pkcs1.pem spki.pem rsapub.pem cert.pem enc-pkcs8.pem enc-trad.pem ec-trad.pem; do
    cp "$f" "$pem/gen-$f"
done
sed 's/$/\r/' cert.pem > "$pem/gen-cert-crlf.pem"
{ printf 'Bag Attributes\n    friendlyName: key\nsee -----BEGIN NOT THIS-----\n'; cat rsapub.pem; cat spki.pem; } \
    > "$pem/gen-text-around.pem"

# ---------------------------------------------------------------------------
# Service-account files, JWTs and response bodies (python3 + openssl).
python3 - "$root" "$tmp" "$out" <<'PY'
import base64, json, os, re, subprocess, sys

root, tmp, out = sys.argv[1:4]

def write(target, name, data):
    if isinstance(data, str):
        data = data.encode('utf-8', 'surrogateescape')
    with open(os.path.join(out, target, name), 'wb') as f:
        f.write(data)

def read(path, mode='r'):
    with open(path, mode) as f:
        return f.read()

# --- service-account JSON, well formed and in the ways it goes wrong
pkcs8 = read(os.path.join(tmp, 'pkcs8.pem'))
def account(**changes):
    sa = {"type": "service_account", "project_id": "twoleg-fuzz", "private_key_id": "0123456789abcdef",
          "private_key": pkcs8, "client_email": "fuzz@twoleg-fuzz.iam.gserviceaccount.com",
          "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
    for k, v in changes.items():
        if v is None:
            sa.pop(k, None)
        else:
            sa[k] = v
    return json.dumps(sa, indent=2) + "\n"

write('key', 'gen-sa.json', account())
write('key', 'gen-sa-flattened-backslash-n.json', account(private_key=pkcs8.replace("\n", "\\n")))
write('key', 'gen-sa-flattened-spaces.json', account(private_key=pkcs8.replace("\n", " ")))
write('key', 'gen-sa-pkcs1.json', account(private_key=read(os.path.join(tmp, 'pkcs1.pem'))))
write('key', 'gen-sa-public-key.json', account(private_key=read(os.path.join(tmp, 'spki.pem'))))
write('key', 'table-sa-no-email.json', account(client_email=None))
write('key', 'table-sa-email-number.json', account(client_email=5))
write('key', 'table-sa-no-type.json', account(type=None))
write('key', 'table-sa-authorized-user.json',
      json.dumps({"type": "authorized_user", "client_id": "x", "client_secret": "y", "refresh_token": "z"}))
write('key', 'table-sa-array.json', '[{"type": "service_account"}]')
write('key', 'table-sa-deep.json', '{"type": "service_account", "x": ' + '[' * 40 + ']' * 40 + '}')
write('key', 'table-sa-bom.json', '\ufeff' + account())
write('key', 'table-sa-truncated.json', account()[:200])

# --- JWTs signed with the demo service-account key (fuzz_jwt verifies with its public half)
demo = json.loads(read(os.path.join(root, 'examples', 'demo-service-account.json')))
demo_pem = os.path.join(tmp, 'demo.pem')
with open(demo_pem, 'w') as f:
    f.write(demo['private_key'])

def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode()

def rs256(signing_input):
    return subprocess.run(['openssl', 'dgst', '-sha256', '-sign', demo_pem], input=signing_input.encode(),
                          check=True, capture_output=True).stdout

def token(header, claims, sign=True):
    h = header if isinstance(header, str) else json.dumps(header, separators=(',', ':'))
    c = claims if isinstance(claims, str) else json.dumps(claims, separators=(',', ':'))
    si = b64u(h.encode()) + '.' + b64u(c.encode())
    return si + '.' + (b64u(rs256(si)) if sign else '')

iat = 1700000000  # fuzz_jwt.cpp: seed_issued_at
email = demo['client_email']
aud = 'https://oauth2.googleapis.com/token'
header = {"alg": "RS256", "typ": "JWT", "kid": demo['private_key_id']}
claims = {"iss": email, "scope": "https://www.googleapis.com/auth/spreadsheets", "aud": aud,
          "iat": iat, "exp": iat + 3600}
write('jwt', 'gen-assertion.jwt', token(header, claims))
write('jwt', 'gen-sub-aud-array-nbf.jwt',
      token({"alg": "RS256"}, dict(claims, sub="user@example.com", aud=["x", aud], nbf=iat - 10)))
write('jwt', 'gen-float-times.jwt', token({"alg": "RS256"}, dict(claims, iat=iat + 0.5, exp=iat + 3600.5)))
write('jwt', 'gen-no-exp.jwt', token({"alg": "RS256"}, {"iss": email, "aud": aud, "iat": iat}))
write('jwt', 'gen-self-signed.jwt',
      token(header, {"iss": email, "sub": email, "aud": "https://sheets.googleapis.com/", "iat": iat, "exp": iat + 3600}))
write('jwt', 'gen-id-token-request.jwt',
      token(header, {"iss": email, "target_audience": "https://example.com", "aud": aud, "iat": iat, "exp": iat + 3600}))
write('jwt', 'gen-expired.jwt', token(header, dict(claims, exp=iat - 100)))
write('jwt', 'gen-wrong-types.jwt', token(header, dict(claims, exp="soon", aud=5, iss=[1])))
write('jwt', 'gen-crit.jwt', token({"alg": "RS256", "crit": ["exp"]}, claims))
write('jwt', 'gen-duplicate-claim.jwt', token('{"alg":"RS256"}', '{"exp":1700003600,"exp":1}'))
write('jwt', 'gen-claims-array.jwt', token({"alg": "RS256"}, '[1,2,3]'))
write('jwt', 'gen-deep-claims.jwt', token({"alg": "RS256"}, '{"a":' + '[' * 40 + ']' * 40 + '}'))
write('jwt', 'gen-unicode.jwt', token({"alg": "RS256"}, dict(claims, iss="\u00e9\u4e2d\U0001f600")))
# fuzz_jwt signs what follows a leading '!' as the claims of a token: claim sets.
write('jwt', 'gen-claims.txt', '!' + json.dumps(claims))
write('jwt', 'gen-claims-aud-array.txt', '!' + json.dumps(dict(claims, aud=[aud, "x"], nbf=iat, sub="s")))
write('jwt', 'gen-claims-no-exp.txt', '!' + json.dumps({"iss": email, "aud": aud}))
write('jwt', 'gen-claims-types.txt', '!' + json.dumps({"exp": 1e300, "nbf": -1e300, "iat": 1.5, "aud": [1]}))
write('jwt', 'table-alg-none.jwt', token({"alg": "none"}, claims, sign=False))
write('jwt', 'table-hs256.jwt', token({"alg": "HS256", "typ": "JWT"}, claims, sign=False) + 'c2lnbmF0dXJl')
assertion = token(header, claims)
write('jwt', 'table-padded.jwt', assertion + '==')
write('jwt', 'table-five-parts.jwt', assertion + '.x.y')
write('jwt', 'table-bad-signature.jwt', assertion[:-4] + ('AAAA' if not assertion.endswith('AAAA') else 'BBBB'))
write('jwt', 'table-short-signature.jwt', assertion.rsplit('.', 1)[0] + '.AQAB')

# RFC 7515 A.2 (from tests/test_jwt.cpp): another key, so its signature fails here.
src = read(os.path.join(root, 'tests', 'jose', 'test_jwt.cpp'))
def cxx_concat(name):
    m = re.search(r'\b' + name + r'\s*=\s*((?:\s*"[^"]*")+)\s*;', src)
    return ''.join(re.findall(r'"([^"]*)"', m.group(1))) if m else None
parts = [cxx_concat(n) for n in ('a2_header_part', 'a2_payload_part', 'a2_signature_part')]
if all(parts):
    write('jwt', 'table-rfc7515-a2.jwt', '.'.join(parts))

# --- token endpoint and API response bodies (tests/test_token_response.cpp) and curl -i output
src = read(os.path.join(root, 'tests', 'google', 'test_token_response.cpp'))
bodies = sorted(set(m for m in re.findall(r'R"\((.*?)\)"', src, re.S)))
for i, body in enumerate(bodies):
    write('jwt', 'table-response-%02d.json' % i, body)
write('jwt', 'table-curl-i.txt',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/2 400 \r\ncontent-type: application/json; charset=utf-8\r\n'
      'DATE: Mon, 14 May 2018 10:01:41 GMT\r\n\r\n'
      '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}')
write('jwt', 'table-http-date.txt', 'Sun, 06 Nov 1994 08:49:37 GMT')
write('jwt', 'gen-access-token.json',
      json.dumps({"access_token": "ya29." + "a" * 40, "expires_in": 3599, "token_type": "Bearer"}))

# --- base64: RFC 4648 §10 vectors, parts of real tokens and keys, and the test table
for i, v in enumerate([b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"]):
    write('base64', 'gen-rfc4648-%d.txt' % i, base64.b64encode(v))
spki = read(os.path.join(tmp, 'spki.der'), 'rb')
write('base64', 'gen-spki.b64', base64.b64encode(spki))
write('base64', 'gen-spki.b64u', b64u(spki))
for i, part in enumerate(assertion.split('.')):
    write('base64', 'gen-assertion-part%d.b64u' % i, part)

def c_string(body):
    """The bytes of a C string literal body (escapes: \\n \\r \\t \\0 \\" \\\\ \\xHH...)."""
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out += c.encode()
            i += 1
            continue
        e = body[i + 1]
        if e == 'x':
            j = i + 2
            while j < len(body) and body[j] in '0123456789abcdefABCDEF':
                j += 1
            out.append(int(body[i + 2:j], 16) & 0xff)
            i = j
            continue
        out.append({'n': 10, 'r': 13, 't': 9, '0': 0, '"': 34, '\\': 92}[e])
        i += 2
    return bytes(out)

src = read(os.path.join(root, 'tests', 'codec', 'test_base64.cpp'))
rows = re.findall(r'\{(?:std::string\()?"((?:[^"\\]|\\.)*)"(?:,\s*(\d+)\))?,\s*errc::', src)
seen = set()
for body, length in rows:
    b = c_string(body)
    if length:
        b = b[:int(length)].ljust(int(length), b'\0')
    if b not in seen:
        seen.add(b)
        write('base64', 'table-%02d.txt' % len(seen), b)

# --- DER: the rows of tests/test_der.cpp (hex, zero_tail), and nesting at the depth limit
src = read(os.path.join(root, 'tests', 'asn1', 'test_der.cpp'))
rows = re.findall(r'\{"[^"]*",\s*op::\w+,\s*((?:"[0-9a-f ]*"\s*)+),\s*(\d+),\s*errc::', src)
seen = set()
for hexes, tail in rows:
    b = bytes.fromhex(''.join(re.findall(r'"([^"]*)"', hexes)).replace(' ', '')) + b'\0' * int(tail)
    if b not in seen:
        seen.add(b)
        write('der', 'table-%02d.der' % len(seen), b)

def nest(depth, inner=b'\x05\x00'):
    for _ in range(depth):
        inner = b'\x30' + (bytes([len(inner)]) if len(inner) < 128 else b'\x81' + bytes([len(inner)])) + inner
    return inner
write('der', 'table-depth-32.der', nest(32))   # der::max_depth levels: accepted
write('der', 'table-depth-33.der', nest(33))   # one more: der_too_deep
PY

# ---------------------------------------------------------------------------
# PEM armour cases of tests/test_pem.cpp (written out: the tests build them in code).
p="$out/pem"
printf 'hello\nworld -----BEGIN RSA PRIVATE KEY-----\n' > "$p/table-no-begin.pem"
printf -- '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' > "$p/table-label-mismatch.pem"
printf -- '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n' > "$p/table-no-end.pem"
printf -- '-----BEGIN RSA PRIVATE KEY----\nAAAA\n-----END RSA PRIVATE KEY----\n' > "$p/table-four-dashes.pem"
printf -- '-----BEGIN RSA  PRIVATE KEY-----\nAAAA\n-----END RSA  PRIVATE KEY-----\n' > "$p/table-double-space.pem"
printf -- '-----BEGIN -RSA-----\nAAAA\n-----END -RSA-----\n' > "$p/table-label-dash.pem"
printf -- '-----BEGIN X-----\nAAAA\n-----BEGIN X-----\nAAAA\n-----END X-----\n' > "$p/table-nested-begin.pem"
printf -- '-----BEGIN X-----\nAAAA\n-----END X-----junk\n' > "$p/table-end-junk.pem"
printf -- '-----BEGIN X-----\r\nAAAA\r\n\r\nAAAA\r\n-----END X-----\r\n' > "$p/table-empty-line-crlf.pem"
printf -- '-----BEGIN X-----\nComment: hello\n\nAAAA\n-----END X-----\n' > "$p/table-header.pem"
printf -- '-----BEGIN RSA PRIVATE KEY-----\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n' \
    > "$p/table-dek-info.pem"
printf -- '-----BEGIN X-----\nAAA\n-----END X-----\n' > "$p/table-missing-padding.pem"
printf -- '-----BEGIN X-----\nQR==\n-----END X-----\n' > "$p/table-non-canonical.pem"
printf -- '-----BEGIN X-----\nQQ==\nQQ==\n-----END X-----\n' > "$p/table-padding-inside.pem"
printf -- '-----BEGIN X-----\n-----END X-----\n' > "$p/table-empty-body.pem"
printf -- '-----BEGIN X----- \t\nQQ==\n-----END X-----  ' > "$p/table-trailing-blanks.pem"

# Key files that are PEM but not keys, or keys with broken armour, for fuzz_key too.
k="$out/key"
cp "$p/table-dek-info.pem" "$k/table-dek-info.pem"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n' \
    > "$k/table-openssh.pem"
printf -- '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n' > "$k/table-empty-cert.pem"
head -c 300 "$tmp/pkcs8.der" > "$k/table-truncated-pkcs8.der"

# ---------------------------------------------------------------------------
# P-256 keys, JWKs and ECDSA signatures (openssl) for fuzz_ec, and the EC key
# forms for fuzz_key too.
e="$out/ec"
mkdir -p "$e"
rm -f "$e"/gen-*
cd "$tmp"
openssl ecparam -name prime256v1 -genkey -out ec-params.pem
openssl ec -in ec-params.pem -out ec-sec1.pem 2>/dev/null
openssl ec -in ec-sec1.pem -outform DER -out ec-sec1.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec-sec1.pem -outform DER -out ec-pkcs8.der
openssl ec -in ec-sec1.pem -pubout -outform DER -out ec-spki.der 2>/dev/null
openssl ec -in ec-sec1.pem -pubout -outform DER -conv_form compressed -out ec-spki-compressed.der 2>/dev/null
openssl req -x509 -new -subj /CN=ec -days 2 -key ec-sec1.pem -outform DER -out ec-cert.der
openssl ec -in ec-sec1.pem -param_enc explicit -outform DER -out ec-explicit.der 2>/dev/null
openssl ecparam -name secp384r1 -genkey -noout -outform DER -out ec-p384.der
for f in ec-params.pem ec-sec1.pem ec-sec1.der ec-pkcs8.der ec-spki.der ec-spki-compressed.der ec-cert.der \
         ec-explicit.der ec-p384.der; do
    cp "$f" "$e/gen-$f"
    cp "$f" "$out/key/gen-$f"
done
tail -c 65 ec-spki.der > "$e/gen-point-uncompressed.bin"
tail -c 33 ec-spki-compressed.der > "$e/gen-point-compressed.bin"
python3 - ec-sec1.der "$e/gen-private.jwk" "$e/gen-public.jwk" <<'PY'
import base64, json, sys
der = open(sys.argv[1], "rb").read()
b64 = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
d, point = der[7:39], der[-64:]
pub = {"kty": "EC", "crv": "P-256", "x": b64(point[:32]), "y": b64(point[32:])}
open(sys.argv[3], "w").write(json.dumps(pub))
pub["d"] = b64(d)
open(sys.argv[2], "w").write(json.dumps(pub))
PY
# Signatures by the key fuzz_ec.cpp verifies with (RFC 6979 A.2.5's), over its message.
printf '%s' 30310201010420c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721a00a06082a8648ce3d030107 |
    xxd -r -p > fixed.der
printf 'fuzz message' > fixed.msg
openssl dgst -sha256 -sign fixed.der -keyform DER -out "$e/gen-signature.der" fixed.msg
python3 - "$e/gen-signature.der" "$e/gen-signature.raw" <<'PY'
import sys
der = open(sys.argv[1], "rb").read()
i = 2
out = b""
for _ in range(2):
    n = der[i + 1]
    v = der[i + 2:i + 2 + n].lstrip(b"\0")
    out += v.rjust(32, b"\0")
    i += 2 + n
open(sys.argv[2], "wb").write(out)
PY
: > "$e/gen-empty"
# The doctor: the key-file seeds, and key files followed by NUL and a
# published-key document (a kid -> certificate map, a JWK Set).
d="$out/doctor"
mkdir -p "$d"
rm -f "$d"/gen-* "$d"/table-*
for f in "$k"/gen-sa*.json "$k"/table-sa*.json "$k"/gen-pkcs8.pem; do cp "$f" "$d/"; done
python3 - "$d" "$tmp/cert.pem" "$tmp/k.pem" <<'PY'
import base64, json, subprocess, sys
d, cert, key = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
sa = open(d + "/gen-sa.json").read()
hex_n = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-modulus"], capture_output=True,
                       text=True, check=True).stdout.strip().split("=")[1]
n = base64.urlsafe_b64encode(bytes.fromhex(hex_n)).decode().rstrip("=")
docs = {
    "gen-sa-x509-map": json.dumps({"0123456789abcdef": cert, "f" * 40: cert}),
    "gen-sa-jwk-set": json.dumps({"keys": [{"kty": "RSA", "kid": "0123456789abcdef", "n": n, "e": "AQAB"}]}),
    "table-sa-empty-map": "{}",
    "table-sa-bad-jwk": json.dumps({"keys": [{"kty": "RSA", "kid": "x", "n": "AA" + n, "e": "AQAB"}]}),
}
for name, doc in docs.items():
    open(d + "/" + name, "w").write(sa + "\0" + doc)

du -sh "$out"/* | sed 's/^/corpus size: /'
