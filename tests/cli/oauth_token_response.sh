#!/usr/bin/env bash
# twoleg token-response for the user flows: refresh_token, scope, id_token and
# refresh_token_expires_in in --json; --session warns about scopes the user did
# not grant (granular consent) and names them; the user-flow errors Google
# returns are explained with what to do.
set -uo pipefail
. "$(dirname "$0")/common.sh" oauth_token_response

cat >"$dir/client.json" <<'JSON'
{"installed":{"client_id":"123-desktop.apps.googleusercontent.com","client_secret":"GOCSPX-desk"}}
JSON
"$cli" oauth url --client "$dir/client.json" --scope openid --scope email \
  --scope https://www.googleapis.com/auth/drive.file --scope https://www.googleapis.com/auth/calendar.readonly \
  --redirect-uri http://127.0.0.1:9/ --session "$dir/s.json" >/dev/null || fail "oauth url"

# A user-flow success as Google sends it (granted scopes in its own order and spelling).
cat >"$dir/ok.json" <<'JSON'
{
  "access_token": "ya29.a0AfB_byC-user",
  "expires_in": 3599,
  "refresh_token": "1//0gLx-refresh",
  "scope": "https://www.googleapis.com/auth/drive.file https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/calendar.readonly openid",
  "token_type": "Bearer",
  "id_token": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
  "refresh_token_expires_in": 604799
}
JSON
expect 0 token-response --json "$dir/ok.json"
[ "$(cat "$dir/out")" = '{"access_token":"ya29.a0AfB_byC-user","id_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","refresh_token":"1//0gLx-refresh","token_type":"Bearer","expires_in":3599,"refresh_token_expires_in":604799,"scope":"https://www.googleapis.com/auth/drive.file https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/calendar.readonly openid"}' ] ||
  fail "--json: $(cat "$dir/out")"
expect 0 token-response --session "$dir/s.json" "$dir/ok.json"
[ "$(cat "$dir/out")" = ya29.a0AfB_byC-user ] || fail "access token: $(cat "$dir/out")"
[ -s "$dir/err" ] && fail "all scopes granted, yet: $(cat "$dir/err")"

# Granular consent: calendar unticked.
sed 's| https://www.googleapis.com/auth/calendar.readonly||' "$dir/ok.json" >"$dir/partial.json"
expect 0 token-response --session "$dir/s.json" "$dir/partial.json"
grep -q '^twoleg: warning: fewer scopes were granted than requested.*not granted: https://www.googleapis.com/auth/calendar.readonly$' "$dir/err" ||
  fail "granular consent warning: $(cat "$dir/err")"
sed 's|https://www.googleapis.com/auth/userinfo.email ||; s| openid"|"|' "$dir/ok.json" >"$dir/partial2.json"
expect 0 token-response --session "$dir/s.json" "$dir/partial2.json"
grep -q 'not granted: openid email$' "$dir/err" || fail "two scopes missing: $(cat "$dir/err")"
expect 0 token-response "$dir/partial.json"
[ -s "$dir/err" ] && fail "without --session there is nothing to compare: $(cat "$dir/err")"
printf '{"access_token":"a","expires_in":"3599"}' >"$dir/bad.json"
expect 3 token-response "$dir/bad.json"
printf '{"access_token":"a","refresh_token":7}' >"$dir/bad.json"
expect 3 token-response "$dir/bad.json"
printf '{"access_token":"a","refresh_token_expires_in":-1}' >"$dir/bad.json"
expect 3 token-response "$dir/bad.json"
expect 2 token-response --session "$dir/s.json" --client-email a@b.c "$dir/ok.json"

# The user-flow errors, as Google words them: each gets its own advice.
explain() {  # NEEDLE BODY [OPTIONS...]: exit 1 and one line containing NEEDLE
  local needle=$1 body=$2; shift 2
  printf '%s' "$body" >"$dir/e.json"
  expect 1 token-response "$@" "$dir/e.json" && grep -q -- "$needle" "$dir/err" || fail "advice for $body: $(cat "$dir/err")"
}
explain 'a code works once' '{"error":"invalid_grant","error_description":"Bad Request"}'
explain "oauth exchange --session" '{"error":"invalid_grant","error_description":"Bad Request"}' --session "$dir/s.json"
explain 'a code works once' '{"error":"invalid_grant","error_description":"Malformed auth code."}'
explain 'a code works once' '{"error":"invalid_grant","error_description":"Invalid code verifier."}'
explain 'Testing' '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}'
explain '7 days' '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}'
explain 'oauth login' '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}'
explain 'Authorized redirect URIs' '{"error":"redirect_uri_mismatch","error_description":"Bad Request"}'
explain 'no OAuth client has this client_id' '{"error":"invalid_client","error_description":"The OAuth client was not found."}' --session "$dir/s.json"
explain 'client_secret is wrong or was rotated' '{"error":"invalid_client","error_description":"Unauthorized"}' --session "$dir/s.json"
explain 'service account' '{"error":"invalid_client","error_description":"The OAuth client was not found."}'   # without a session
explain 'may not use this grant' '{"error":"unauthorized_client","error_description":"Unauthorized"}' --session "$dir/s.json"
explain 'domain-wide delegation' '{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}'
explain 'declined the consent screen' '{"error":"access_denied","error_description":"The user denied access"}'
explain 'administrator' '{"error":"admin_policy_enforced","error_description":"Access blocked by admin policy"}'
explain 'Internal' '{"error":"org_internal","error_description":"This client is restricted to users within its organization."}'
explain 'embedded browsers' '{"error":"disallowed_useragent"}'
explain 'code_verifier' '{"error":"invalid_request","error_description":"code_verifier or verifier is not provided"}'
explain 'Invalid JWT Signature' '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}'   # service accounts unchanged
explain 'Invalid JWT Signature' '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}' --session "$dir/s.json"
explain 'no active key' '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}' --session "$dir/s.json"
grep -q 'GOCSPX\|1//0g' "$dir/err" && fail "a secret in a message"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "token-response, user flows: all checks passed"
