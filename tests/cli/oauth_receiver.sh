#!/usr/bin/env bash
# twoleg oauth listen / oauth login over real loopback sockets, driven with
# curl, bash's /dev/tcp and a python socket: success, access_denied, wrong and
# missing state then the right one, favicon first, other methods, oversized
# head, a slow client (per-connection timeout, and it does not block others),
# garbage request line, bad percent-encoding, two redirects in a row, the
# overall timeout, [::1], and the whole 'oauth login' sign-in. Every wait is
# bounded with timeout.
set -uo pipefail
. "$(dirname "$0")/common.sh" oauth_receiver
py=/usr/bin/python3

cat >"$dir/client.json" <<'JSON'
{"installed":{"client_id":"123-desktop.apps.googleusercontent.com","client_secret":"GOCSPX-desk","redirect_uris":["http://localhost"]}}
JSON

free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_listener [LISTEN-OPTIONS...]: a fresh session for http://127.0.0.1:$port/cb with state
# $state, and 'oauth listen' in the background (pid in $lpid) once it accepts connections.
state='st-ATE_1~x'
start_listener() {
  port=$(free_port)
  rm -f "$dir/s.json"
  "$cli" oauth url --client "$dir/client.json" --scope openid --redirect-uri "http://127.0.0.1:$port/cb" \
    --state "$state" --session "$dir/s.json" >/dev/null || { fail "oauth url"; return 1; }
  timeout 60 "$cli" oauth listen --session "$dir/s.json" --timeout 30 "$@" >"$dir/lout" 2>"$dir/lerr" &
  lpid=$!
  # Wait (bounded) until the port accepts connections; the probe sends nothing and closes.
  timeout 10 bash -c "until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.05; done" ||
    { fail "listener on port $port did not come up: $(cat "$dir/lerr")"; return 1; }
}
# finish_listener STATUS: waits (bounded by the timeout above) and checks the exit status.
finish_listener() {
  wait "$lpid"
  local got=$?
  [ "$got" -eq "$1" ] || fail "oauth listen exited $got, expected $1; stderr: $(cat "$dir/lerr")"
}
# get PATH-AND-QUERY: curl's status code in $status, body in $dir/body, headers in $dir/head
get() {
  status=$(timeout 10 curl -s -o "$dir/body" -D "$dir/head" -w '%{http_code}' "http://127.0.0.1:$port$1")
}

# --- success ---------------------------------------------------------------------------
start_listener && {
  get "/cb?state=$state&code=4%2F0AeaYSHB-code&scope=openid%20email&authuser=0"
  [ "$status" = 200 ] || fail "success: status $status"
  grep -qi 'signed in' "$dir/body" || fail "success page: $(cat "$dir/body")"
  grep -q '0AeaYSHB' "$dir/body" && fail "the code is echoed into the page"
  grep -qi '^connection: close' "$dir/head" || fail "no Connection: close"
  grep -qi '^content-type: text/html' "$dir/head" || fail "not text/html"
  finish_listener 0
  [ "$(cat "$dir/lout")" = "4/0AeaYSHB-code" ] || fail "listen printed '$(cat "$dir/lout")'"
  [ -s "$dir/lerr" ] && fail "success wrote to stderr: $(cat "$dir/lerr")"
  grep -q '"code":"4/0AeaYSHB-code"' "$dir/s.json" || fail "code not stored in the session: $(cat "$dir/s.json")"
  [ "$(stat -c %a "$dir/s.json")" = 600 ] || fail "session mode after listen: $(stat -c %a "$dir/s.json")"
  # ... and the exchange body now carries it.
  "$cli" oauth exchange --client "$dir/client.json" --session "$dir/s.json" | grep -q 'code=4%2F0AeaYSHB-code&' ||
    fail "exchange does not use the received code"
  # two redirects in a row: the receiver stopped after the first, the session keeps the first code
  timeout 10 curl -s -o /dev/null "http://127.0.0.1:$port/cb?state=$state&code=second"
  [ $? -eq 7 ] || fail "a second redirect reached a receiver that should have stopped"
  grep -q '"code":"4/0AeaYSHB-code"' "$dir/s.json" || fail "the second redirect changed the session"
}

# --- access_denied ------------------------------------------------------------------------
start_listener && {
  get "/cb?error=access_denied&state=$state"
  [ "$status" = 200 ] || fail "access_denied: status $status"
  grep -q 'access_denied' "$dir/body" || fail "access_denied page: $(cat "$dir/body")"
  finish_listener 1
  [ -s "$dir/lout" ] && fail "access_denied printed on stdout"
  [ "$(wc -l <"$dir/lerr")" -eq 1 ] && grep -q '^twoleg: .*access_denied' "$dir/lerr" ||
    fail "access_denied stderr: $(cat "$dir/lerr")"
}
start_listener && {
  get "/cb?error=admin_policy_enforced&error_description=Blocked%20by%20admin&state=$state"
  finish_listener 1
  grep -q '^twoleg: .*admin_policy_enforced.*Blocked by admin' "$dir/lerr" || fail "error name/description: $(cat "$dir/lerr")"
}

# --- wrong state, missing state, forged error, then the right state ----------------------------
start_listener && {
  get "/cb?state=other&code=evil"; [ "$status" = 400 ] || fail "wrong state: status $status"
  get "/cb?code=evil"; [ "$status" = 400 ] || fail "missing state: status $status"
  get "/cb?error=access_denied&state=other"; [ "$status" = 400 ] || fail "forged error with wrong state: status $status"
  get "/cb?state=$state&code=good"; [ "$status" = 200 ] || fail "right state after wrong ones: status $status"
  finish_listener 0
  [ "$(cat "$dir/lout")" = good ] || fail "after a wrong state: printed '$(cat "$dir/lout")'"
  [ "$(grep -c '^twoleg: warning: .*state' "$dir/lerr")" -eq 3 ] || fail "expected three state warnings: $(cat "$dir/lerr")"
}

# --- favicon first, other paths and methods, bad percent-encoding, oversized head, garbage --------
start_listener && {
  get "/favicon.ico"; [ "$status" = 404 ] || fail "favicon: status $status"
  get "/cb/x?state=$state&code=a"; [ "$status" = 404 ] || fail "other path: status $status"
  get "/?state=$state&code=a"; [ "$status" = 404 ] || fail "root path: status $status"
  get "/../../etc/passwd"; [ "$status" = 404 ] || fail "traversal: status $status"
  status=$(timeout 10 curl -s -o /dev/null -w '%{http_code}' -X POST --data x "http://127.0.0.1:$port/cb?state=$state&code=a")
  [ "$status" = 405 ] || fail "POST: status $status"
  get "/cb?state=$state&code=%zz"; [ "$status" = 400 ] || fail "bad percent-encoding in the query: status $status"
  get "/c%zzb?state=$state&code=a"; [ "$status" = 400 ] || fail "bad percent-encoding in the path: status $status"
  get "/cb?state=$state&code=a&code=b"; [ "$status" = 400 ] || fail "two codes: status $status"
  get "/cb?state=$state&code=%0A"; [ "$status" = 400 ] || fail "encoded newline: status $status"
  big=$(head -c 9000 /dev/zero | tr '\0' a)
  status=$(timeout 10 curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "http://127.0.0.1:$port/cb?state=$state&code=a")
  [ "$status" = 400 ] || fail "oversized head: status $status"
  reply=$(timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'hello there\r\n\r\n' >&3; head -n1 <&3")
  [[ $reply == "HTTP/1.1 400 "* ]] || fail "garbage request line: '$reply'"
  reply=$(timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET /cb?state=$state&code=a HTTP/1.1\nHost: x\n\n' >&3; head -n1 <&3")
  [[ $reply == "HTTP/1.1 400 "* ]] || fail "bare LF line ends: '$reply'"
  kill -0 "$lpid" 2>/dev/null || fail "the receiver stopped after bad requests"
  get "/cb?state=$state&code=after-all-that"; [ "$status" = 200 ] || fail "right redirect after bad ones: status $status"
  finish_listener 0
  [ "$(cat "$dir/lout")" = after-all-that ] || fail "after bad requests: printed '$(cat "$dir/lout")'"
}

# --- a slow client: gets 408 after the read timeout and does not hold up the redirect ---------------
start_listener --read-timeout 2 && {
  timeout 20 $py - "$port" >"$dir/slow" 2>&1 <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
start = time.monotonic()
s.settimeout(15)
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print(f"{time.monotonic() - start:.1f}", data.split(b"\r\n", 1)[0].decode())
PY
  spid=$!
  sleep 0.5
  get "/cb?state=$state&code=not-blocked"
  [ "$status" = 200 ] || fail "a silent client blocked the redirect: status $status"
  finish_listener 0
  wait "$spid"
  # The receiver stops once the redirect arrives; the silent connection is closed with it.
  read -r took line <"$dir/slow" || true
  [ -n "${took:-}" ] || fail "slow client: $(cat "$dir/slow")"
}
start_listener --read-timeout 1 && {
  out=$(timeout 20 $py - "$port" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
start = time.monotonic()
s.settimeout(15)
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print(f"{time.monotonic() - start:.1f}", data.split(b"\r\n", 1)[0].decode())
PY
)
  took=${out%% *}
  [[ $out == *"HTTP/1.1 408 "* ]] || fail "slow client: expected 408, got '$out'"
  $py -c "import sys; sys.exit(0 if 0.5 <= float('$took') <= 5 else 1)" || fail "slow client answered after ${took}s, read timeout 1s"
  get "/cb?state=$state&code=later"; [ "$status" = 200 ] || fail "redirect after a slow client: status $status"
  finish_listener 0
}

# --- overall timeout --------------------------------------------------------------------------
port=$(free_port)
"$cli" oauth url --client "$dir/client.json" --scope openid --redirect-uri "http://127.0.0.1:$port/" --session "$dir/t.json" >/dev/null
SECONDS=0
expect 1 oauth listen --session "$dir/t.json" --timeout 1 && grep -q 'no redirect arrived' "$dir/err" ||
  fail "timeout: $(cat "$dir/err")"
[ "$SECONDS" -le 5 ] || fail "--timeout 1 took ${SECONDS}s"

# --- [::1] when the redirect URI says so --------------------------------------------------------
if $py -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
  port=$($py -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0)); print(s.getsockname()[1])')
  "$cli" oauth url --client "$dir/client.json" --scope openid --redirect-uri "http://[::1]:$port/" --state s6 --session "$dir/6.json" >/dev/null
  timeout 30 "$cli" oauth listen --session "$dir/6.json" --timeout 20 >"$dir/lout" 2>"$dir/lerr" &
  lpid=$!
  timeout 10 bash -c "until curl -s -o /dev/null 'http://[::1]:$port/favicon.ico'; do sleep 0.05; done"
  timeout 5 curl -s -o /dev/null "http://127.0.0.1:$port/?state=s6&code=v4" && fail "an [::1] receiver answered on 127.0.0.1"
  status=$(timeout 10 curl -s -o /dev/null -w '%{http_code}' "http://[::1]:$port/?state=s6&code=v6")
  [ "$status" = 200 ] || fail "[::1]: status $status"
  finish_listener 0
  [ "$(cat "$dir/lout")" = v6 ] || fail "[::1]: printed '$(cat "$dir/lout")'"
else
  echo "note: no IPv6 loopback here; the [::1] case is skipped"
fi

# --- oauth login: the whole sign-in ------------------------------------------------------------
timeout 60 "$cli" oauth login --client "$dir/client.json" --scope openid --scope email --timeout 30 \
  --session "$dir/login.json" >"$dir/body" 2>"$dir/lerr" &
lpid=$!
timeout 10 bash -c "until grep -q '^https://' '$dir/lerr'; do sleep 0.05; done" || fail "login printed no URL: $(cat "$dir/lerr")"
url=$(grep '^https://' "$dir/lerr")
grep -qi 'open this url' "$dir/lerr" || fail "login does not say to open the URL"
eval "$($py - "$url" <<'PY'
import sys, urllib.parse
q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(sys.argv[1]).query, strict_parsing=True))
print(f"redirect={q['redirect_uri']!s} lstate={q['state']!s} challenge={q['code_challenge']!s} method={q['code_challenge_method']!s}")
PY
)"
[[ $redirect =~ ^http://127\.0\.0\.1:[0-9]+/$ ]] || fail "login redirect_uri '$redirect'"
[ "$method" = S256 ] || fail "login without S256"
get_url() { timeout 10 curl -s -o /dev/null -w '%{http_code}' "$1"; }
[ "$(get_url "${redirect}favicon.ico")" = 404 ] || fail "login: favicon"
[ "$(get_url "${redirect}?state=$lstate&code=4%2Flogin-code&scope=openid%20email")" = 200 ] || fail "login: redirect"
finish_listener 0
body=$(cat "$dir/body")
[[ $body != *$'\n'* ]] || fail "login body has a newline"
verifier=$($py -c 'import sys,urllib.parse; q=dict(urllib.parse.parse_qsl(sys.argv[1], strict_parsing=True)); assert q["grant_type"]=="authorization_code" and q["code"]=="4/login-code" and q["client_id"]=="123-desktop.apps.googleusercontent.com" and q["client_secret"]=="GOCSPX-desk" and q["redirect_uri"]==sys.argv[2], q; print(q["code_verifier"])' "$body" "$redirect") ||
  fail "login body: $body"
[ "$(printf %s "$verifier" | openssl dgst -sha256 -binary | basenc --base64url -w0 | tr -d '=')" = "$challenge" ] ||
  fail "login: the body's code_verifier does not match the URL's challenge"
grep -q '"code":"4/login-code"' "$dir/login.json" || fail "login --session does not keep the code"

# --- usage ------------------------------------------------------------------------------------
expect 2 oauth listen
expect 2 oauth listen --session "$dir/t.json" --timeout 0
expect 2 oauth listen --session "$dir/t.json" --port 70000
"$cli" oauth url --client "$dir/client.json" --scope openid --session "$dir/noport.json" >/dev/null  # http://localhost
expect 2 oauth listen --session "$dir/noport.json" && grep -q 'no port' "$dir/err" || fail "no port: $(cat "$dir/err")"
"$cli" oauth url --client "$dir/client.json" --scope openid --redirect-uri https://app.example/cb --session "$dir/web.json" >/dev/null
expect 2 oauth listen --session "$dir/web.json" && grep -q "oauth code" "$dir/err" || fail "web redirect: $(cat "$dir/err")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "oauth receiver: all checks passed"
