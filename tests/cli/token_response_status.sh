#!/usr/bin/env bash
# twoleg token-response on answers that are not JSON: the HTTP status of
# `curl -i` output says what happened (5xx and 429: retry with backoff, 404:
# wrong URL with the expected token URI, 400 with HTML: malformed request
# body; exit 1), empty input says that nothing arrived (exit 3). And the local time of an
# answer in a file is the file's modification time, not the time it is read.
set -uo pipefail
. "$(dirname "$0")/common.sh" token_response_status

sa=$keys/rsa-2048-e65537.sa.json

# answer FILE STATUS-LINE HEADERS BODY: writes a `curl -i`-style answer with CRLF line ends.
answer() {
  local file=$1 status=$2 headers=$3 body=$4
  { printf '%s\r\n' "$status"
    [ -n "$headers" ] && printf '%s\r\n' "$headers"
    printf '\r\n%s' "$body"; } >"$file"
}
# says STATUS WANT ARGS...: token-response exits STATUS with WANT in its one error line.
says() {
  local status=$1 want=$2; shift 2
  expect "$status" token-response "$@" || return
  grep -qF -- "$want" "$dir/err" || fail "token-response $*: the message lacks '$want': $(cat "$dir/err")"
}

html='<!DOCTYPE html><html><head><title>Error</title></head><body>Error</body></html>'
answer "$dir/503.http" 'HTTP/2 503' 'content-type: text/html; charset=UTF-8' "$html"
says 1 "HTTP 503" "$dir/503.http"
says 1 "retry with exponential backoff" "$dir/503.http"
answer "$dir/502.http" 'HTTP/1.1 502 Bad Gateway' 'Retry-After: 30' "$html"
says 1 "wait 30 s (Retry-After)" "$dir/502.http"
answer "$dir/500-empty.http" 'HTTP/1.1 500 Internal Server Error' 'Content-Length: 0' ''
says 1 "HTTP 500 with no body" "$dir/500-empty.http"

answer "$dir/429.http" 'HTTP/2 429' 'content-type: text/html' "$html"
says 1 "rate limited" "$dir/429.http"
says 1 "exponential backoff" "$dir/429.http"

answer "$dir/404.http" 'HTTP/2 404' 'content-type: text/html; charset=UTF-8' "$html"
says 1 "token requests go to https://oauth2.googleapis.com/token" "$dir/404.http"
# The key file's token_uri is the expected one.
sed 's|"token_uri": *"[^"]*"|"token_uri": "https://oauth2.example.test/token"|' "$sa" >"$dir/other-uri.json"
grep -q 'oauth2.example.test' "$dir/other-uri.json" || fail "could not rewrite token_uri in the test key file"
says 1 "token requests go to https://oauth2.example.test/token" --key "$dir/other-uri.json" "$dir/404.http"

answer "$dir/400.http" 'HTTP/1.1 400 Bad Request' 'Content-Type: text/html; charset=UTF-8' "$html"
says 1 "the request body was not a token request" "$dir/400.http"
says 1 "curl -si --data-binary @-" "$dir/400.http"

# Nothing at all: curl failed before any answer.
: >"$dir/empty.http"
says 3 "nothing arrived: did curl fail? check its exit status" "$dir/empty.http"
printf '\n' | { "$cli" token-response >"$dir/out" 2>"$dir/err"; echo $? >"$dir/status"; }
[ "$(cat "$dir/status")" = 3 ] && grep -q 'nothing arrived' "$dir/err" ||
  fail "an empty standard input: $(cat "$dir/status") $(cat "$dir/err")"

# A status that explains nothing, and a bare non-JSON body: the parse error, naming the file.
answer "$dir/200.http" 'HTTP/1.1 200 OK' 'Content-Type: text/html' "$html"
says 3 "$dir/200.http: " "$dir/200.http"
answer "$dir/403.http" 'HTTP/1.1 403 Forbidden' 'Content-Type: text/html' "$html"
says 3 "not valid JSON" "$dir/403.http"
printf '%s' "$html" >"$dir/bare.html"
says 3 "$dir/bare.html: " "$dir/bare.html"

# A JSON API error with code 503 / 429 gets the same advice.
answer "$dir/api503.http" 'HTTP/2 503' 'content-type: application/json' \
  '{"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"}}'
says 1 "exponential backoff" "$dir/api503.http"
answer "$dir/api429.http" 'HTTP/2 429' 'content-type: application/json' \
  '{"error": {"code": 429, "message": "Quota exceeded.", "status": "RESOURCE_EXHAUSTED"}}'
says 1 "too many requests" "$dir/api429.http"

# --- the local time of the answer: the file's modification time ---------------
# Google's iat/exp refusal with the Date header 2018-05-14 10:01:41 GMT
# (1526292101, converted by GNU date, not by twoleg).
server=$(date -u -d 'Mon, 14 May 2018 10:01:41 GMT' +%s)
answer "$dir/clock.http" 'HTTP/2 400' "date: Mon, 14 May 2018 10:01:41 GMT
content-type: application/json; charset=utf-8" \
  '{"error": "invalid_grant", "error_description": "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."}'
touch -d "@$((server + 7205))" "$dir/clock.http"
# Read long after it was written, the skew is still the one at arrival.
says 1 "7205 s (2 h 0 min 5 s) ahead" "$dir/clock.http"
says 1 "--clock-offset -7205" "$dir/clock.http"
touch -d "@$((server - 300))" "$dir/clock.http"
says 1 "300 s (5 min 0 s) behind" "$dir/clock.http"
# --now overrides the file's time; standard input has no file time: now.
says 1 "100 s ahead" --now $((server + 100)) "$dir/clock.http"
now_skew_ok=0
"$cli" token-response <"$dir/clock.http" 2>"$dir/err" >/dev/null
before=$(date +%s)
skew=$(sed -n 's/.*clock is \([0-9]*\) s.*ahead.*/\1/p' "$dir/err")
[ -n "$skew" ] && [ $((before - server - skew)) -ge -5 ] && [ $((before - server - skew)) -le 5 ] && now_skew_ok=1
[ "$now_skew_ok" = 1 ] || fail "standard input: the skew must be measured against now: $(cat "$dir/err")"

expect 0 token-response --help && grep -q -- "--now UNIX" "$dir/out" && grep -q "modification time" "$dir/out" ||
  fail "token-response --help must document --now and the file's modification time"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "token-response on non-JSON answers: all checks passed"
