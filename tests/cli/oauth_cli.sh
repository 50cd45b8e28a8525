#!/usr/bin/env bash
# twoleg oauth: what each subcommand refuses and how (exit codes, one
# 'twoleg:' line, secrets never in messages), client secrets vs
# service-account files both ways, 'oauth code' on pasted redirects, and
# that each --help lists exactly the options the command accepts.
set -uo pipefail
. "$(dirname "$0")/common.sh" oauth_cli

cat >"$dir/client.json" <<'JSON'
{"installed":{"client_id":"123-desktop.apps.googleusercontent.com","client_secret":"GOCSPX-TopSecret","redirect_uris":["http://127.0.0.1:9/"]}}
JSON
cat >"$dir/other.json" <<'JSON'
{"web":{"client_id":"other.apps.googleusercontent.com","client_secret":"GOCSPX-Other"}}
JSON
sa=$keys/rsa-2048-e65537.sa.json
no_secret() { grep -q 'TopSecret\|GOCSPX' "$dir/err" && fail "a client secret appears in a message: $(cat "$dir/err")"; return 0; }

# --- client secrets vs service-account files ----------------------------------------------
expect 3 oauth url --client "$sa" --scope openid --session "$dir/s.json" &&
  grep -q 'service-account key file, not an OAuth client secrets file' "$dir/err" || fail "SA as client: $(cat "$dir/err")"
expect 3 assertion --key "$dir/client.json" --scope openid && grep -q 'OAuth client secrets file' "$dir/err" ||
  fail "client as SA key: $(cat "$dir/err")"
printf '{"installed":{"client_id":"a","client_secret":7}}' >"$dir/bad.json"
expect 3 oauth url --client "$dir/bad.json" --scope openid --session "$dir/s.json"
printf '{"installed":{"client_id":"a","client_secret":"GOCSPX-TopSecret","auth_uri":"http://x/"}}' >"$dir/bad.json"
expect 3 oauth url --client "$dir/bad.json" --scope openid --session "$dir/s.json" && no_secret
printf '{"installed":{"client_id":"a","client_secret":"GOCSPX-TopSecret",' >"$dir/bad.json"
expect 3 oauth url --client "$dir/bad.json" --scope openid --session "$dir/s.json" && no_secret
expect 4 oauth url --client "$dir/missing.json" --scope openid --session "$dir/s.json"

# --- oauth url usage --------------------------------------------------------------------------
expect 2 oauth url --client "$dir/client.json" --session "$dir/s.json"                      # no scope
expect 2 oauth url --client "$dir/client.json" --scope openid                                 # PKCE needs a session
expect 2 oauth url --client "$dir/client.json" --scope 'a b' --session "$dir/s.json"
expect 2 oauth url --client "$dir/client.json" --scope openid --access-type forever --session "$dir/s.json"
expect 2 oauth url --client "$dir/client.json" --scope openid --prompt none --prompt consent --session "$dir/s.json"
expect 2 oauth url --client "$dir/client.json" --scope openid --granular-consent yes --session "$dir/s.json"
expect 2 oauth url --client "$dir/other.json" --scope openid --session "$dir/s.json" && grep -q 'redirect' "$dir/err" ||
  fail "no redirect URI: $(cat "$dir/err")"
[ -e "$dir/s.json" ] && fail "a failed oauth url left a session file"
expect 0 oauth url --client "$dir/client.json" --scope openid --state fixed-state --session "$dir/s.json"
grep -q 'redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2F&' "$dir/out" || fail "default redirect URI: $(cat "$dir/out")"

# --- oauth code: pasted redirects --------------------------------------------------------------
cp "$dir/s.json" "$dir/s0.json"
expect 1 oauth code --session "$dir/s.json" "http://127.0.0.1:9/?state=other&code=abc" && grep -q "state differs" "$dir/err" ||
  fail "wrong state: $(cat "$dir/err")"
expect 1 oauth code --session "$dir/s.json" "http://127.0.0.1:9/?code=abc" && grep -q "no state" "$dir/err" || fail "no state"
expect 1 oauth code --session "$dir/s.json" "http://127.0.0.1:9/?error=access_denied&state=fixed-state" &&
  grep -q 'error=access_denied' "$dir/err" || fail "access_denied: $(cat "$dir/err")"
expect 1 oauth code --session "$dir/s.json" "http://127.0.0.1:9/?error=org_internal&error_description=Only%20members&state=fixed-state" &&
  grep -q 'org_internal (Only members)' "$dir/err" || fail "org_internal: $(cat "$dir/err")"
expect 3 oauth code --session "$dir/s.json" "http://127.0.0.1:9/?state=fixed-state&code=%zz" && grep -q 'at byte' "$dir/err" ||
  fail "bad percent-encoding: $(cat "$dir/err")"
expect 3 oauth code --session "$dir/s.json" "http://127.0.0.1:9/" && grep -q 'whole URL' "$dir/err" || fail "no query"
expect 3 oauth code --session "$dir/s.json" "127.0.0.1:9/?code=a&state=fixed-state"
cmp -s "$dir/s.json" "$dir/s0.json" || fail "a refused redirect changed the session"
expect 2 oauth exchange --client "$dir/client.json" --session "$dir/s.json" && grep -q 'no code' "$dir/err" || fail "exchange without code"
printf 'http://127.0.0.1:9/?state=fixed-state&code=4%%2Fpasted&scope=openid\n' |
  "$cli" oauth code --session "$dir/s.json" - >"$dir/out" 2>"$dir/err" || fail "code from stdin: $(cat "$dir/err")"
[ "$(cat "$dir/out")" = 4/pasted ] || fail "code printed: $(cat "$dir/out")"
expect 0 oauth exchange --client "$dir/client.json" --session "$dir/s.json"
[[ $(cat "$dir/out") == grant_type=authorization_code\&code=4%2Fpasted\&* ]] || fail "exchange body: $(cat "$dir/out")"
expect 0 oauth exchange --client "$dir/client.json" --session "$dir/s.json" --code other
grep -q 'code=other&' "$dir/out" || fail "--code does not override the session's code"
expect 3 oauth exchange --client "$dir/other.json" --session "$dir/s.json" && grep -q 'another client_id' "$dir/err" ||
  fail "session of another client: $(cat "$dir/err")"
echo '{"version":1}' >"$dir/badsession.json"
expect 3 oauth exchange --client "$dir/client.json" --session "$dir/badsession.json"
expect 2 oauth code --session "$dir/s.json"
expect 2 oauth code "http://x/?code=a"

# --- refresh and revoke: secrets from exactly one place, never in messages -------------------------
expect 2 oauth refresh --client "$dir/client.json"
expect 2 oauth refresh --client "$dir/client.json" --refresh-token a --refresh-token-env X
expect 2 oauth refresh --client "$dir/client.json" --refresh-token-env TWOLEG_TEST_UNSET_VARIABLE
: >"$dir/empty"
expect 3 oauth refresh --client "$dir/client.json" --refresh-token-file "$dir/empty"
printf '1//secret token\n' >"$dir/spaced"
expect 3 oauth refresh --client "$dir/client.json" --refresh-token-file "$dir/spaced" && ! grep -q 'secret' "$dir/err" ||
  fail "refresh token in a message: $(cat "$dir/err")"
expect 4 oauth refresh --client "$dir/client.json" --refresh-token-file "$dir/missing"
expect 2 oauth refresh --client "$dir/client.json" --refresh-token a --scope 'a b'
expect 0 oauth refresh --client "$dir/client.json" --refresh-token 1//x
[ "$(cat "$dir/out")" = 'grant_type=refresh_token&refresh_token=1%2F%2Fx&client_id=123-desktop.apps.googleusercontent.com&client_secret=GOCSPX-TopSecret' ] ||
  fail "refresh body: $(cat "$dir/out")"
expect 2 oauth revoke
expect 2 oauth revoke --token a --token-file "$dir/spaced"
TOK=ya29.tok expect 0 oauth revoke --token-env TOK && [ "$(cat "$dir/out")" = token=ya29.tok ] || fail "revoke from env"

# --- help: each subcommand lists exactly the options it accepts ---------------------------------------
# The expected lists are written here; each listed option must also be accepted (not 'unknown option').
check_help() {  # SUBCOMMAND OPTION...
  local sub=$1; shift
  local want got
  want=$(printf '%s\n' "$@" | sort -u)
  "$cli" oauth "$sub" --help >"$dir/help" || { fail "oauth $sub --help failed"; return; }
  got=$(grep -o -- '--[a-z][a-z0-9-]*' "$dir/help" | grep -v -- '--data-binary' | sort -u)
  [ "$got" = "$want" ] || fail "oauth $sub --help lists: $(echo $got) -- expected: $(echo $want)"
  for o in "$@"; do
    "$cli" oauth "$sub" "$o" x </dev/null >/dev/null 2>"$dir/err"
    grep -q 'unknown option' "$dir/err" && fail "oauth $sub does not accept $o"
  done
}
check_help url --client --scope --redirect-uri --access-type --prompt --login-hint --include-granted-scopes \
  --granular-consent --hd --nonce --state --no-pkce --session
check_help listen --session --port --timeout --read-timeout
check_help login --client --scope --access-type --prompt --login-hint --include-granted-scopes --granular-consent \
  --hd --nonce --session --timeout
check_help code --session
check_help exchange --client --session --code
check_help refresh --client --refresh-token --refresh-token-file --refresh-token-env --scope
check_help revoke --token --token-file --token-env
"$cli" jwt verify --help >"$dir/help"
[ "$(grep -o -- '--[a-z][a-z0-9-]*' "$dir/help" | sort -u | tr '\n' ' ')" = \
  "--aud --hd --iss --jwks --leeway --nonce --now --password-env --password-file --pub --x509-certs " ] || fail "jwt verify --help: $(cat "$dir/help")"
expect 0 oauth --help
expect 2 oauth
expect 2 oauth frobnicate
expect 2 oauth url --client "$dir/client.json" --scope openid --session "$dir/s.json" extra

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "oauth CLI: all checks passed"
