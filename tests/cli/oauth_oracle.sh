#!/usr/bin/env bash
# twoleg oauth url / exchange / refresh against other people's code: for the
# same client file, scopes, redirect URI, state and code_verifier, the
# authorization URL's query parameters equal those of
# google_auth_oauthlib.flow.Flow.authorization_url(...), and the exchange and
# refresh bodies equal oauthlib's prepare_request_body / prepare_refresh_body,
# parameter for parameter (Debian's python3-google-auth-oauthlib and
# python3-oauthlib under /usr/bin/python3). The PKCE challenge in the URL is
# also recomputed with openssl from the verifier twoleg stored.
set -uo pipefail
. "$(dirname "$0")/common.sh" oauth_oracle
py=/usr/bin/python3
$py -c 'import google_auth_oauthlib.flow, oauthlib.oauth2' 2>/dev/null ||
  { echo "FAIL: python3-google-auth-oauthlib / python3-oauthlib are not installed (scripts/install-deps)"; exit 1; }

cat >"$dir/installed.json" <<'JSON'
{"installed":{"client_id":"123456789012-abcdefghijklmnop.apps.googleusercontent.com","project_id":"twoleg-demo",
"auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token",
"auth_provider_x509_cert_url":"https://www.googleapis.com/oauth2/v1/certs",
"client_secret":"GOCSPX-a+b/c=d&e~f g%h","redirect_uris":["http://localhost"]}}
JSON
cat >"$dir/web.json" <<'JSON'
{"web":{"client_id":"web-client.apps.googleusercontent.com","project_id":"p","auth_uri":"https://accounts.google.com/o/oauth2/v2/auth",
"token_uri":"https://oauth2.googleapis.com/token","client_secret":"w3b-secret","redirect_uris":["https://app.example/oauth2/callback?x=1"]}}
JSON

# compare_url CLIENT URLFILE SESSION KWARGS-JSON: Flow with the session's scopes,
# redirect URI, state and verifier must give the same query parameters.
compare_url() {
  $py - "$@" <<'PY'
import json, sys, urllib.parse
from google_auth_oauthlib.flow import Flow
client = json.load(open(sys.argv[1]))
ours = open(sys.argv[2]).read()
assert ours.endswith("\n") and ours.count("\n") == 1, "one line expected"
session = json.load(open(sys.argv[3]))
kwargs = json.loads(sys.argv[4])
verifier = session.get("code_verifier")
flow = Flow.from_client_config(client, scopes=session["scopes"], redirect_uri=session["redirect_uri"],
                               state=session["state"], code_verifier=verifier, autogenerate_code_verifier=False)
kwargs.setdefault("access_type", None)
theirs, state = flow.authorization_url(**kwargs)
a, b = urllib.parse.urlsplit(ours.strip()), urllib.parse.urlsplit(theirs)
assert (a.scheme, a.netloc, a.path) == (b.scheme, b.netloc, b.path), (a, b)
qa = sorted(urllib.parse.parse_qsl(a.query, keep_blank_values=True, strict_parsing=True))
qb = sorted(urllib.parse.parse_qsl(b.query, keep_blank_values=True, strict_parsing=True))
if qa != qb:
    print("twoleg:", qa, "\ngoogle_auth_oauthlib:", qb)
    sys.exit(1)
PY
}

# --- authorization URLs ------------------------------------------------------------
run_url_case() {  # NAME CLIENT KWARGS-JSON TWOLEG-OPTIONS...
  local name=$1 client=$2 kwargs=$3; shift 3
  rm -f "$dir/s.json"
  if ! "$cli" oauth url --client "$client" --session "$dir/s.json" "$@" >"$dir/url" 2>"$dir/err"; then
    fail "$name: twoleg oauth url failed: $(cat "$dir/err")"; return
  fi
  compare_url "$client" "$dir/url" "$dir/s.json" "$kwargs" || fail "$name: URL parameters differ from google_auth_oauthlib"
}
run_url_case "desktop, two scopes, offline, consent" "$dir/installed.json" \
  '{"access_type":"offline","prompt":"consent"}' \
  --scope openid --scope https://www.googleapis.com/auth/drive.file --redirect-uri http://127.0.0.1:8765/ \
  --access-type offline --prompt consent
run_url_case "state given, odd characters" "$dir/installed.json" '{}' \
  --scope 'https://www.googleapis.com/auth/calendar.readonly' --redirect-uri 'http://[::1]:9/a%20b' \
  --state 'st ate/with+odd&chars=~!'
run_url_case "web client, all Google parameters" "$dir/web.json" \
  '{"access_type":"online","prompt":"consent select_account","login_hint":"ann@example.com","include_granted_scopes":"true","enable_granular_consent":"false","hd":"example.com","nonce":"n-0S6_WzA2Mj"}' \
  --scope email --scope profile --scope openid --access-type online --prompt consent --prompt select_account \
  --login-hint ann@example.com --include-granted-scopes --granular-consent false --hd example.com --nonce n-0S6_WzA2Mj
grep -q '"redirect_uri":"https://app.example/oauth2/callback?x=1"' "$dir/s.json" ||
  fail "the web client's first redirect_uri must be the default: $(cat "$dir/s.json")"
rm -f "$dir/s.json"
"$cli" oauth url --client "$dir/installed.json" --scope openid --no-pkce --redirect-uri http://127.0.0.1:1/ --state s1 >"$dir/url" 2>"$dir/err" ||
  fail "--no-pkce without --session: $(cat "$dir/err")"
[ ! -e "$dir/s.json" ] || fail "--no-pkce without --session wrote a session"
printf '{"version":1,"client_id":"123456789012-abcdefghijklmnop.apps.googleusercontent.com","redirect_uri":"http://127.0.0.1:1/","scopes":["openid"],"state":"s1"}' >"$dir/s-nopkce.json"
compare_url "$dir/installed.json" "$dir/url" "$dir/s-nopkce.json" '{}' || fail "--no-pkce URL differs from google_auth_oauthlib"
grep -q 'code_challenge' "$dir/url" && fail "--no-pkce still sends a code_challenge"

# --- PKCE: the verifier is 43 unreserved characters and the challenge is base64url(SHA-256) by openssl
"$cli" oauth url --client "$dir/installed.json" --scope openid --redirect-uri http://127.0.0.1:1/ --session "$dir/p.json" >"$dir/url" ||
  fail "oauth url"
verifier=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["code_verifier"])' "$dir/p.json")
[[ $verifier =~ ^[A-Za-z0-9._~-]{43}$ ]] || fail "verifier '$verifier' is not 43 unreserved characters"
challenge=$(printf %s "$verifier" | openssl dgst -sha256 -binary | basenc --base64url -w0 | tr -d '=')
grep -q "code_challenge=$challenge&code_challenge_method=S256" "$dir/url" || fail "challenge differs from openssl's"
[ "$(stat -c %a "$dir/p.json")" = 600 ] || fail "session file mode $(stat -c %a "$dir/p.json"), expected 600"
# two runs never share state or verifier
"$cli" oauth url --client "$dir/installed.json" --scope openid --redirect-uri http://127.0.0.1:1/ --session "$dir/p2.json" >/dev/null
cmp -s "$dir/p.json" "$dir/p2.json" && fail "two sessions are identical"
state=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$dir/p.json")
[ ${#state} -ge 22 ] || fail "state '$state' carries fewer than 128 bits"

# --- exchange and refresh bodies ------------------------------------------------------
compare_body() {  # KIND TWOLEG-BODY-FILE CLIENT ARGS-JSON
  $py - "$@" <<'PY'
import json, sys, urllib.parse
from oauthlib.oauth2 import WebApplicationClient
kind, body_file, client_file, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
ours = open(body_file).read()
assert not ours.endswith("\n"), "no trailing newline expected"
c = json.load(open(client_file))
c = c.get("installed") or c.get("web")
client = WebApplicationClient(c["client_id"])
if kind == "exchange":
    theirs = client.prepare_request_body(code=args["code"], redirect_uri=args["redirect_uri"],
                                         client_secret=c["client_secret"], code_verifier=args.get("code_verifier"))
else:
    theirs = client.prepare_refresh_body(refresh_token=args["refresh_token"], scope=args.get("scope"),
                                         client_id=c["client_id"], client_secret=c["client_secret"])
qa = sorted(urllib.parse.parse_qsl(ours, keep_blank_values=True, strict_parsing=True))
qb = sorted(urllib.parse.parse_qsl(theirs, keep_blank_values=True, strict_parsing=True))
if qa != qb:
    print("twoleg:", qa, "\noauthlib:", qb)
    sys.exit(1)
PY
}
code='4/0AeaYSHB+x/y=z&w~%'
"$cli" oauth code --session "$dir/p.json" "http://127.0.0.1:1/?state=$state&code=$($py -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=""))' "$code")&scope=openid" >"$dir/code" 2>"$dir/err" ||
  fail "oauth code: $(cat "$dir/err")"
[ "$(cat "$dir/code")" = "$code" ] || fail "oauth code printed '$(cat "$dir/code")'"
"$cli" oauth exchange --client "$dir/installed.json" --session "$dir/p.json" >"$dir/body" 2>"$dir/err" || fail "exchange: $(cat "$dir/err")"
compare_body exchange "$dir/body" "$dir/installed.json" \
  "$($py -c 'import json,sys; print(json.dumps({"code":sys.argv[1],"redirect_uri":"http://127.0.0.1:1/","code_verifier":sys.argv[2]}))' "$code" "$verifier")" ||
  fail "exchange body differs from oauthlib"
"$cli" oauth exchange --client "$dir/installed.json" --session "$dir/s-nopkce.json" --code abc >"$dir/body" || fail "exchange --code"
compare_body exchange "$dir/body" "$dir/installed.json" '{"code":"abc","redirect_uri":"http://127.0.0.1:1/"}' ||
  fail "exchange body without PKCE differs from oauthlib"

refresh='1//0gA-b+c/d=e'
printf '%s\n' "$refresh" >"$dir/rt"
"$cli" oauth refresh --client "$dir/installed.json" --refresh-token-file "$dir/rt" >"$dir/body" || fail "refresh from a file"
compare_body refresh "$dir/body" "$dir/installed.json" "{\"refresh_token\":\"$refresh\"}" || fail "refresh body differs from oauthlib"
RT=$refresh "$cli" oauth refresh --client "$dir/web.json" --refresh-token-env RT --scope openid --scope email >"$dir/body" ||
  fail "refresh from the environment"
compare_body refresh "$dir/body" "$dir/web.json" "{\"refresh_token\":\"$refresh\",\"scope\":[\"openid\",\"email\"]}" ||
  fail "refresh body with scopes differs from oauthlib"
printf %s "$refresh" | "$cli" oauth refresh --client "$dir/web.json" --refresh-token-file - >"$dir/body2" || fail "refresh from stdin"
"$cli" oauth revoke --token-file "$dir/rt" >"$dir/body" || fail "revoke"
[ "$($py -c 'import urllib.parse,sys; print(urllib.parse.parse_qsl(open(sys.argv[1]).read(), strict_parsing=True))' "$dir/body")" = \
  "[('token', '$refresh')]" ] || fail "revoke body: $(cat "$dir/body")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "oauth oracle: all checks passed"
