#!/usr/bin/env bash
# twoleg doctor: statuses, exit codes and the --json shape for a table of key
# files made from openssl keys and certificates (an expired one by
# `openssl ca`); universe_domain in assertion/token-request; and google-auth
# (Debian's python3-google-auth) signing and verifying with a key file that
# lacks private_key_id, compared claim by claim with twoleg's assertion.
set -uo pipefail
. "$(dirname "$0")/common.sh" doctor

py=/usr/bin/python3
sa=$keys/rsa-2048-e65537.sa.json
cert=$keys/rsa-2048-e65537.cert.pem
other_cert=$keys/rsa-3072-e65537.cert.pem
kid=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["private_key_id"])' "$sa")
email=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["client_email"])' "$sa")
other_kid=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb

# edit OUT PYTHON-STATEMENTS: a copy of $sa with the statements applied to the dict f.
edit() {
  $py - "$sa" "$1" "$2" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
exec(sys.argv[3])
open(sys.argv[2], "w").write(json.dumps(f, indent=2) + "\n")
PY
}
# x509_map OUT KID=CERT.pem ...: a kid -> PEM certificate document.
x509_map() {
  local out=$1; shift
  $py - "$out" "$@" <<'PY'
import json, sys
m = {}
for arg in sys.argv[2:]:
    k, path = arg.split("=", 1)
    m[k] = open(path).read()
open(sys.argv[1], "w").write(json.dumps(m, indent=2))
PY
}

# An expired certificate for the same key (OpenSSL 3.0's req -x509 cannot back-date).
mkdir -p "$dir/ca" && : >"$dir/ca/index.txt" && echo 01 >"$dir/ca/serial"
printf '%s\n' '[ca]' 'default_ca = d' '[d]' "database = $dir/ca/index.txt" "new_certs_dir = $dir/ca" \
  "serial = $dir/ca/serial" 'default_md = sha256' 'policy = p' '[p]' 'commonName = supplied' >"$dir/ca.cnf"
openssl req -new -key "$keys/rsa-2048-e65537.pkcs8.pem" -subj /CN=expired -out "$dir/req.csr" &&
  openssl ca -batch -notext -config "$dir/ca.cnf" -selfsign -keyfile "$keys/rsa-2048-e65537.pkcs8.pem" \
    -in "$dir/req.csr" -startdate 20200101000000Z -enddate 20210101000000Z -out "$dir/expired.pem" 2>/dev/null ||
  fail "openssl ca cannot make the expired certificate"

x509_map "$dir/certs.json" "$kid=$cert" "$other_kid=$other_cert"
x509_map "$dir/deleted.json" "$other_kid=$other_cert"
x509_map "$dir/other-kid.json" "$other_kid=$cert"
x509_map "$dir/expired.json" "$kid=$dir/expired.pem"
# The same key as a JWK Set, its numbers by openssl, xxd and basenc.
n=$(openssl rsa -in "$keys/rsa-2048-e65537.pkcs8.pem" -noout -modulus | cut -d= -f2 | xxd -r -p | basenc --base64url | tr -d '=\n')
printf '{"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "%s", "n": "%s", "e": "AQAB"}]}' "$kid" "$n" >"$dir/jwks.json"

cp "$sa" "$dir/clean.json"
{ printf '\xef\xbb\xbf'; cat "$sa"; } >"$dir/bom.json"
sed 's/$/\r/' "$sa" >"$dir/crlf.json"
edit "$dir/flat-n.json" 'f["private_key"] = f["private_key"].replace("\n", "\\n")'
edit "$dir/flat-space.json" 'f["private_key"] = f["private_key"].replace("\n", " ")'
edit "$dir/no-kid.json" 'del f["private_key_id"]'
cp "$keys/rsa-1024-e65537.sa.json" "$dir/small.json"
edit "$dir/http.json" 'f["token_uri"] = "http://oauth2.googleapis.com/token"'
edit "$dir/foreign.json" 'f["token_uri"] = "https://oauth2.example.com/token"'
edit "$dir/universe.json" 'f["universe_domain"] = "cloud.example.test"; f["token_uri"] = "https://oauth2.cloud.example.test/token"'
edit "$dir/project.json" 'f["project_id"] = "another-project"'

# doctor WANT-EXIT ARGS...: runs `twoleg doctor ARGS`; a report (exit 0 or 1)
# is on stdout with nothing on stderr. $dir/statuses gets "id=status ..." from the text report.
doctor() {
  local want=$1; shift
  "$cli" doctor "$@" >"$dir/out" 2>"$dir/err"
  local got=$?
  [ "$got" -eq "$want" ] || { fail "doctor $* exited $got, expected $want: $(cat "$dir/err")"; return 1; }
  if [ "$want" -le 1 ]; then
    [ -s "$dir/err" ] && fail "doctor $* wrote to stderr: $(cat "$dir/err")"
    awk '{printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $1}' "$dir/out" >"$dir/statuses"
  fi
  return 0
}
# row NAME WANT-EXIT WANT-STATUSES ID FRAGMENT ARGS...: the text report, then the
# same run with --json, whose shape and statuses must agree with it.
row() {
  local name=$1 want=$2 statuses=$3 id=$4 fragment=$5; shift 5
  doctor "$want" "$@" || return
  [ "$(cat "$dir/statuses")" = "$statuses" ] || fail "$name: statuses $(cat "$dir/statuses"), expected $statuses"
  grep -F -- "$id" "$dir/out" | grep -qF -- "$fragment" || fail "$name: the $id line lacks '$fragment': $(cat "$dir/out")"
  doctor "$want" "$@" --json || return
  $py - "$dir/out" "$statuses" "$want" "$1" <<'PY' || fail "$name: --json: $(cat "$dir/out")"
import json, sys
text = open(sys.argv[1]).read()
assert text.endswith("}\n") and text.count("\n") == 1, "one JSON line"
report = json.loads(text, object_pairs_hook=lambda pairs: pairs)
assert [k for k, _ in report] == ["file", "checks", "ok"], report
r = dict(report)
assert r["file"] == sys.argv[4], r["file"]
ids = ["file-form", "fields", "key", "key-id", "client-email", "token-uri", "universe-domain", "published-key", "clock"]
got = []
for c in r["checks"]:
    assert [k for k, _ in c] == ["id", "status", "message"], c
    c = dict(c)
    assert c["id"] in ids and c["status"] in ("ok", "warn", "fail") and c["message"], c
    got.append(c["id"] + "=" + c["status"])
assert [g.split("=")[0] for g in got] == sorted([g.split("=")[0] for g in got], key=ids.index), "contract order"
assert " ".join(got) == sys.argv[2], got
assert r["ok"] is (sys.argv[3] == "0")
PY
}

ok8="file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok"
fail_pub="file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail"
row clean 0 "$ok8" published-key "registered for $email as $kid" "$dir/clean.json" --certs "$dir/certs.json"
row "clean, JWK Set" 0 "$ok8" published-key "as $kid" "$dir/clean.json" --certs "$dir/jwks.json"
row "no --certs" 0 "${ok8% *} published-key=warn" published-key \
  "curl -fsS -o certs.json https://www.googleapis.com/service_accounts/v1/metadata/x509/$email" "$dir/clean.json"
row deleted 1 "$fail_pub" published-key "this key is not (or no longer) registered for $email: it was deleted or rotated; create a new key" \
  "$dir/clean.json" --certs "$dir/deleted.json"
row "another kid" 1 "$fail_pub" published-key "under the id $other_kid" "$dir/clean.json" --certs "$dir/other-kid.json"
row expired 1 "$fail_pub" published-key "notAfter 2021-01-01 00:00:00 UTC" "$dir/clean.json" --certs "$dir/expired.json"
row BOM 0 "file-form=warn ${ok8#* }" file-form "byte-order mark" "$dir/bom.json" --certs "$dir/certs.json"
row CRLF 0 "file-form=warn ${ok8#* }" file-form "CRLF" "$dir/crlf.json" --certs "$dir/certs.json"
row "flattened \\n" 0 "file-form=warn ${ok8#* }" file-form 'literal \n' "$dir/flat-n.json" --certs "$dir/certs.json"
row "flattened spaces" 0 "file-form=warn ${ok8#* }" file-form "spaces" "$dir/flat-space.json" --certs "$dir/certs.json"
row "no private_key_id" 0 "file-form=ok fields=warn key=ok key-id=warn client-email=ok token-uri=ok universe-domain=ok published-key=ok" \
  fields "assertions will carry no kid; Google accepts that" "$dir/no-kid.json" --certs "$dir/certs.json"
row "1024 bits" 1 "file-form=ok fields=ok key=fail key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=warn" \
  key "RS256 needs at least 2048 bits" "$dir/small.json"
row "http token_uri" 1 "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=fail universe-domain=ok published-key=ok" \
  token-uri "uses http" "$dir/http.json" --certs "$dir/certs.json"
row "foreign host" 1 "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=fail universe-domain=ok published-key=ok" \
  token-uri "oauth2.example.com" "$dir/foreign.json" --certs "$dir/certs.json"
row universe 0 "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=warn published-key=ok" \
  universe-domain "only self-signed JWTs work" "$dir/universe.json" --certs "$dir/certs.json"
row "another project" 0 "file-form=ok fields=ok key=ok key-id=ok client-email=warn token-uri=ok universe-domain=ok published-key=ok" \
  client-email 'project_id says "another-project"' "$dir/project.json" --certs "$dir/certs.json"
row "a PEM key" 1 "file-form=fail" file-form "PEM file (PRIVATE KEY)" "$keys/rsa-2048-e65537.pkcs8.pem"

# A newline inside a field cannot make a line that looks like another check.
edit "$dir/newline.json" 'f["client_email"] = "x\nok   published-key fake"'
doctor 1 "$dir/newline.json" && [ "$(wc -l <"$dir/out")" -eq 8 ] && ! grep -q '^ok   published-key' "$dir/out" &&
  grep -qF 'x\x0aok' "$dir/out" || fail "a newline in client_email breaks the one-line-per-check output: $(cat "$dir/out")"

# The clock: a `curl -i` answer whose Date is 2 h before the file's modification time.
now=$(date +%s)
{
  printf 'HTTP/2 400 \r\ncontent-type: application/json; charset=utf-8\r\n'
  printf 'date: %s\r\n\r\n' "$(LC_ALL=C date -u -d "@$((now - 7200))" '+%a, %d %b %Y %H:%M:%S GMT')"
  printf '{"error": "invalid_grant", "error_description": "Invalid JWT: Token must be a short-lived token"}\n'
} >"$dir/answer.txt"
touch -d "@$now" "$dir/answer.txt"
row "clock 2 h ahead" 1 "$ok8 clock=fail" clock "7200 s ahead" "$dir/clean.json" --certs "$dir/certs.json" --response "$dir/answer.txt"
doctor 1 "$dir/clean.json" --response "$dir/answer.txt" && grep '^fail clock' "$dir/out" |
  grep -q -- '--clock-offset -7200)$' || fail "the clock line does not give --clock-offset -7200: $(cat "$dir/out")"
row "clock right" 0 "$ok8 clock=ok" clock "s" "$dir/clean.json" --certs "$dir/certs.json" \
  --date "$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')"

# A file too large to be a key file is a failed file-form check, not exit 3.
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$dir/large.json"
row "too large" 1 "file-form=fail" file-form "larger than 1 MiB" "$dir/large.json"

# Usage and I/O errors: one 'twoleg:' line, nothing on stdout.
expect 2 doctor
expect 2 doctor "$dir/clean.json" "$dir/clean.json"
expect 2 doctor "$dir/clean.json" --response "$dir/answer.txt" --date "Sun, 06 Nov 1994 08:49:37 GMT"
expect 2 doctor "$dir/clean.json" --date yesterday
expect 2 doctor "$dir/clean.json" --sub x
expect 4 doctor "$dir/missing.json"
expect 4 doctor "$dir/clean.json" --certs "$dir/missing.json"
expect 4 doctor "$dir/clean.json" --response "$dir/missing.txt"
printf 'not http\n' >"$dir/not-http.txt"
expect 3 doctor "$dir/clean.json" --response "$dir/not-http.txt"

# --help lists exactly the options doctor takes.
expect 0 doctor --help
listed=$(grep -o -- '--[a-z][a-z-]*' "$dir/out" | sort -u | tr '\n' ' ')
[ "$listed" = "--certs --date --json --response " ] || fail "doctor --help lists: $listed"
for opt in --certs --date --json --response; do
  "$cli" doctor "$opt" 2>&1 | grep -q "unknown option" && fail "doctor does not take $opt although --help lists it"
done

# --- universe_domain in assertions ------------------------------------------
expect 2 assertion --key "$dir/universe.json" --scope https://www.googleapis.com/auth/cloud-platform --iat 1700000000 &&
  grep -q "universe_domain is not googleapis.com" "$dir/err" || fail "assertion in another universe: $(cat "$dir/err")"
expect 2 token-request --key "$dir/universe.json" --scope https://www.googleapis.com/auth/cloud-platform &&
  grep -q "only self-signed JWTs" "$dir/err" || fail "token-request in another universe: $(cat "$dir/err")"
if expect 0 assertion --key "$dir/universe.json" --self-signed --service pubsub --iat 1700000000; then
  IFS=. read -r h p s <"$dir/out"
  [ "$(b64url_decode "$p")" = "{\"iss\":\"$email\",\"sub\":\"$email\",\"aud\":\"https://pubsub.cloud.example.test/\",\"iat\":1700000000,\"exp\":1700003600}" ] ||
    fail "self-signed claims in another universe: $(b64url_decode "$p")"
fi

# --- google-auth and a key file without private_key_id ----------------------
if ! $py -c 'import google.oauth2.service_account' 2>/dev/null; then
  fail "python3-google-auth is not installed (scripts/install-deps installs it)"
else
  expect 0 inspect "$dir/no-kid.json" && grep -q 'no private_key_id' "$dir/out" ||
    fail "inspect shows no note for a file without private_key_id: $(cat "$dir/out")"
  scope=https://www.googleapis.com/auth/cloud-platform
  # google-auth's own assertion for the token endpoint, and its self-signed JWT.
  $py - "$dir/no-kid.json" "$scope" "$dir/google" <<'PY' || fail "google-auth cannot sign with a key file without private_key_id"
import json, sys
from google.oauth2 import service_account
from google.auth import jwt
info = json.load(open(sys.argv[1]))
creds = service_account.Credentials.from_service_account_info(info, scopes=[sys.argv[2]])
open(sys.argv[3] + ".grant", "w").write(creds._make_authorization_grant_assertion().decode())
self_signed = jwt.Credentials.from_service_account_info(info, audience="https://pubsub.googleapis.com/")
token, _ = self_signed._make_jwt()
open(sys.argv[3] + ".self", "w").write(token.decode())
PY
  # compare KIND GOOGLE-TOKEN TWOLEG-ARGS...: twoleg signs at google-auth's iat; both
  # headers and claim sets must be equal, and each library verifies the other's token.
  compare() {
    local kind=$1 theirs; theirs=$(cat "$2"); shift 2
    local iat; iat=$($py -c 'import sys, json, base64; p = sys.argv[1].split(".")[1]; print(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))["iat"])' "$theirs")
    expect 0 assertion --key "$dir/no-kid.json" --iat "$iat" "$@" || return
    local ours; ours=$(cat "$dir/out")
    $py - "$theirs" "$ours" "$cert" "$kind" <<'PY' || fail "$kind: google-auth and twoleg disagree"
import base64, json, sys
from google.auth import jwt
theirs, ours, cert, kind = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), sys.argv[4]
def part(token, i):
    p = token.split(".")[i]
    return json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
assert part(ours, 0) == part(theirs, 0) == {"alg": "RS256", "typ": "JWT"}, (part(ours, 0), part(theirs, 0))
a, b = part(ours, 1), part(theirs, 1)
assert sorted(a) == sorted(b), (sorted(a), sorted(b))
for claim in b:
    assert a[claim] == b[claim], (kind, claim, a[claim], b[claim])
audience = b["aud"]
assert jwt.decode(ours, certs=cert, audience=audience) == a   # google-auth verifies twoleg's token
PY
    # google-auth 1.5 keeps base64 padding in its JWTs, which RFC 7515 (and so twoleg's
    # jwt verify) refuses: twoleg checks its RS256 signature over the signing input instead.
    printf %s "${theirs%.*}" >"$dir/theirs.input"
    b64url_decode "$(printf %s "${theirs##*.}" | tr -d =)" >"$dir/theirs.sig"
    expect 0 verify --pub "$cert" --sig "$dir/theirs.sig" --in "$dir/theirs.input" ||
      fail "$kind: twoleg does not verify google-auth's signature"
  }
  compare grant "$dir/google.grant" --scope "$scope"
  compare self-signed "$dir/google.self" --self-signed --service pubsub
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "doctor CLI: all checks passed"
