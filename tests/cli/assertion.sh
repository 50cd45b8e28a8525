#!/usr/bin/env bash
# twoleg assertion / token-request / token-response.
# Assertions are decoded with coreutils basenc and their signatures checked
# with `openssl dgst -verify`; the response bodies are ones Google returns
# (sources in tests/test_token_response.cpp).
set -uo pipefail
. "$(dirname "$0")/common.sh" assertion

field() { sed -n "s/.*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$2"; }

# Splits $1 (a compact JWT), checks its signature against $2 (SPKI PEM) with
# openssl and leaves the decoded header and claims in $dir/header, $dir/claims.
check_jwt() {
  local jwt=$1 spki=$2
  IFS=. read -r h p s <<<"$jwt"
  b64url_decode "$h" >"$dir/header"
  b64url_decode "$p" >"$dir/claims"
  b64url_decode "$s" >"$dir/sig"
  printf %s "$h.$p" >"$dir/input"
  openssl dgst -sha256 -verify "$spki" -signature "$dir/sig" "$dir/input" >/dev/null ||
    fail "openssl does not verify the signature of $jwt"
}

sa=$keys/rsa-2048-e65537.sa.json
spki=$keys/rsa-2048-e65537.spki.pem
email=$(field client_email "$sa")
kid=$(field private_key_id "$sa")
[ -n "$email" ] && [ -n "$kid" ] || fail "cannot read client_email/private_key_id from $sa"

# --- access-token assertion: exact header and claims ----------------------
s1=https://www.googleapis.com/auth/spreadsheets.readonly
s2=https://www.googleapis.com/auth/drive.readonly
if expect 0 assertion --key "$sa" --scope "$s1" --scope "$s2" --iat 1700000000; then
  jwt=$(cat "$dir/out")
  printf '%s\n' "$jwt" | cmp -s - "$dir/out" || fail "assertion output is not the JWT and one newline"
  check_jwt "$jwt" "$spki"
  [ "$(cat "$dir/header")" = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"$kid\"}" ] ||
    fail "header: $(cat "$dir/header")"
  [ "$(cat "$dir/claims")" = "{\"iss\":\"$email\",\"scope\":\"$s1 $s2\",\"aud\":\"https://oauth2.googleapis.com/token\",\"iat\":1700000000,\"exp\":1700003600}" ] ||
    fail "claims: $(cat "$dir/claims")"

  # token-request: the form body for the same (deterministic) assertion, no newline when piped.
  if expect 0 token-request --key "$sa" --scope "$s1" --scope "$s2" --iat 1700000000; then
    printf '%s' "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=$jwt" |
      cmp -s - "$dir/out" || fail "token-request body: $(cat "$dir/out")"
  fi
fi

# --- sub, aud, lifetime ----------------------------------------------------
if expect 0 assertion --key "$sa" --scope "$s1" --sub user@example.com --aud https://example.test/token \
    --iat 1700000000 --lifetime 600; then
  check_jwt "$(cat "$dir/out")" "$spki"
  [ "$(cat "$dir/claims")" = "{\"iss\":\"$email\",\"sub\":\"user@example.com\",\"scope\":\"$s1\",\"aud\":\"https://example.test/token\",\"iat\":1700000000,\"exp\":1700000600}" ] ||
    fail "claims with sub/aud/lifetime: $(cat "$dir/claims")"
fi

# --- self-signed JWT and ID-token request -----------------------------------
if expect 0 assertion --key "$sa" --self-signed --aud https://sheets.googleapis.com/ --iat 1700000000; then
  check_jwt "$(cat "$dir/out")" "$spki"
  [ "$(cat "$dir/claims")" = "{\"iss\":\"$email\",\"sub\":\"$email\",\"aud\":\"https://sheets.googleapis.com/\",\"iat\":1700000000,\"exp\":1700003600}" ] ||
    fail "self-signed claims: $(cat "$dir/claims")"
fi
if expect 0 assertion --key "$sa" --self-signed --scope "$s1" --iat 1700000000; then
  check_jwt "$(cat "$dir/out")" "$spki"
  [ "$(cat "$dir/claims")" = "{\"iss\":\"$email\",\"sub\":\"$email\",\"scope\":\"$s1\",\"iat\":1700000000,\"exp\":1700003600}" ] ||
    fail "self-signed scope claims: $(cat "$dir/claims")"
fi
if expect 0 assertion --key "$sa" --target-audience https://svc.example.test --iat 1700000000; then
  check_jwt "$(cat "$dir/out")" "$spki"
  [ "$(cat "$dir/claims")" = "{\"iss\":\"$email\",\"target_audience\":\"https://svc.example.test\",\"aud\":\"https://oauth2.googleapis.com/token\",\"iat\":1700000000,\"exp\":1700003600}" ] ||
    fail "ID-token claims: $(cat "$dir/claims")"
fi

# --- the clock: default now, and --clock-offset -------------------------------
before=$(date +%s)
expect 0 assertion --key "$sa" --scope "$s1" --clock-offset -100000 && check_jwt "$(cat "$dir/out")" "$spki"
after=$(date +%s)
iat=$(sed -n 's/.*"iat":\([0-9]*\).*/\1/p' "$dir/claims")
[ -n "$iat" ] && [ "$iat" -ge $((before - 100000)) ] && [ "$iat" -le $((after - 100000)) ] ||
  fail "--clock-offset -100000 gave iat $iat (now $before..$after)"

# --- refusals -------------------------------------------------------------------
expect 2 assertion --key "$sa" --scope "$s1" --lifetime 3601 && grep -q 'Google rejects' "$dir/err" ||
  fail "--lifetime 3601 must say Google rejects it: $(cat "$dir/err")"
expect 2 assertion --key "$sa" --scope "$s1" --lifetime 0
expect 2 assertion --key "$sa" --scope "$s1" --iat soon
expect 2 assertion --key "$sa"                                   # no scope
expect 2 assertion --scope "$s1"                                 # no key
expect 2 assertion --key "$sa" --scope "$s1" --bogus
expect 2 assertion --key "$sa" --scope "bad scope"
expect 2 assertion --key "$sa" --self-signed --aud https://a.example --scope "$s1"
expect 2 assertion --key "$sa" --self-signed --target-audience x
expect 2 assertion --key "$sa" --target-audience x --scope "$s1"
expect 2 assertion --key "$sa" --scope "$s1" --iat 1700000000 --clock-offset 5
expect 3 assertion --key "$keys/rsa-1024-e65537.sa.json" --scope "$s1" && grep -q '2048' "$dir/err" ||
  fail "a 1024-bit key must be refused naming the 2048-bit minimum"
# A bare key signs only with --client-email (tests/cli/encrypted_keys.sh covers that): without it, a usage error.
expect 2 assertion --key "$keys/rsa-2048-e65537.pkcs8.pem" --scope "$s1" && grep -q -- '--client-email' "$dir/err" ||
  fail "a bare key without --client-email must be refused naming the option"
echo '{"type":"service_account"}' >"$dir/incomplete.json"
expect 3 assertion --key "$dir/incomplete.json" --scope "$s1"
expect 4 assertion --key "$dir/does-not-exist.json" --scope "$s1"
expect 2 token-request --key "$sa" --scope "$s1" --lifetime 7200
expect 0 assertion --help
expect 0 token-request --help

# --- token-response ---------------------------------------------------------------
printf '%s' '{
  "access_token" : "1/8xbJqaOZXSUZbHLl5EOtu1pxz3fmmetKx9W8CV4t79M",
  "token_type" : "Bearer",
  "expires_in" : 3600
}' >"$dir/ok.json"
expect 0 token-response "$dir/ok.json" && [ "$(cat "$dir/out")" = "1/8xbJqaOZXSUZbHLl5EOtu1pxz3fmmetKx9W8CV4t79M" ] ||
  fail "token-response must print the access token: $(cat "$dir/out")"
expect 0 token-response --json "$dir/ok.json" &&
  [ "$(cat "$dir/out")" = '{"access_token":"1/8xbJqaOZXSUZbHLl5EOtu1pxz3fmmetKx9W8CV4t79M","token_type":"Bearer","expires_in":3600}' ] ||
  fail "token-response --json: $(cat "$dir/out")"
"$cli" token-response <"$dir/ok.json" >"$dir/out" 2>&1 && grep -q '^1/8xbJ' "$dir/out" || fail "token-response from stdin"

printf '%s' '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}' >"$dir/sig.json"
expect 1 token-response --key "$sa" "$dir/sig.json" && grep -q "deleted or rotated" "$dir/err" && grep -qF "$email" "$dir/err" ||
  fail "Invalid JWT Signature advice: $(cat "$dir/err")"

clock='{"error":"invalid_grant","error_description":"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."}'
printf 'HTTP/2 400 \r\ncontent-type: application/json; charset=utf-8\r\ndate: Mon, 14 May 2018 10:01:41 GMT\r\n\r\n%s' "$clock" >"$dir/clock.http"
server=$(date -u -d 'Mon, 14 May 2018 10:01:41 GMT' +%s)
expect 1 token-response --now $((server + 7205)) "$dir/clock.http" && grep -q "7205 s (2 h 0 min 5 s) ahead" "$dir/err" &&
  grep -q -- "--clock-offset -7205" "$dir/err" || fail "clock skew from curl -i output: $(cat "$dir/err")"
printf '%s' "$clock" >"$dir/clock.json"
expect 1 token-response --date 'Mon, 14 May 2018 10:01:41 GMT' --now $((server - 90)) "$dir/clock.json" &&
  grep -q "90 s behind" "$dir/err" || fail "clock skew from --date: $(cat "$dir/err")"
expect 2 token-response --date 'Monday, 14-May-18 10:01:41 GMT' "$dir/clock.json"

printf '%s' '{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}' >"$dir/dwd.json"
expect 1 token-response --key "$sa" "$dir/dwd.json" && grep -q "domain-wide delegation" "$dir/err" &&
  grep -q -- "leave out --sub" "$dir/err" || fail "unauthorized_client advice: $(cat "$dir/err")"
printf '%s' '{"error":"invalid_scope","error_description":"Invalid OAuth scope or ID token audience provided."}' >"$dir/scope.json"
expect 1 token-response "$dir/scope.json" && grep -q -- "--scope https://www.googleapis.com/auth/" "$dir/err" &&
  grep -q -- "--target-audience" "$dir/err" || fail "invalid_scope advice: $(cat "$dir/err")"
# The CLI names its own options where the library states the facts.
printf '%s' '{"error":"invalid_grant","error_description":"Not a valid email."}' >"$dir/sub.json"
expect 1 token-response "$dir/sub.json" && grep -q -- "sub (--sub) must be the address" "$dir/err" &&
  grep -q -- "or drop --sub" "$dir/err" || fail "sub advice: $(cat "$dir/err")"
expect 1 token-response --date 'Mon, 14 May 2018 10:01:41 GMT' --now $((server + 2)) "$dir/clock.json" &&
  grep -q -- "check --iat, --lifetime and --clock-offset" "$dir/err" || fail "clocks agree: $(cat "$dir/err")"
expect 1 token-response "$dir/clock.json" && grep -q -- "(--date, or curl -i output)" "$dir/err" ||
  fail "clock not measured: $(cat "$dir/err")"
printf '%s' '{"error":"invalid_grant","error_description":"Invalid JWT: exp (expiration time) is not set."}' >"$dir/claim.json"
expect 1 token-response "$dir/claim.json" && grep -q -- "build it with \`twoleg assertion\`" "$dir/err" ||
  fail "missing claim: $(cat "$dir/err")"
printf '%s' '{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED","details":[{"reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}' >"$dir/narrow.json"
expect 1 token-response "$dir/narrow.json" && grep -q -- "request a broader --scope" "$dir/err" ||
  fail "insufficient scopes: $(cat "$dir/err")"
printf '%s' '{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}' >"$dir/403.json"
expect 1 token-response --key "$sa" "$dir/403.json" && grep -qF "not shared with $email" "$dir/err" ||
  fail "PERMISSION_DENIED advice: $(cat "$dir/err")"
expect 1 token-response --client-email someone@p.iam.gserviceaccount.com "$dir/403.json" &&
  grep -qF "not shared with someone@p.iam.gserviceaccount.com" "$dir/err" || fail "--client-email in advice"
printf '<html>502</html>' >"$dir/html"
expect 3 token-response "$dir/html"
expect 2 token-response --key "$sa" --client-email x@y "$dir/403.json"
expect 4 token-response "$dir/missing.json"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "assertion CLI: all checks passed"
