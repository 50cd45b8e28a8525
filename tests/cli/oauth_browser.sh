#!/usr/bin/env bash
# twoleg oauth listen with a real browser: headless Chromium (Debian's
# chromium package, installed by scripts/install-deps) follows the redirect
# URL; the test checks the page text it rendered (--dump-dom) and the code
# twoleg printed, then does the same for an access_denied redirect.
set -uo pipefail
. "$(dirname "$0")/common.sh" oauth_browser
py=/usr/bin/python3
command -v chromium >/dev/null || { echo "FAIL: chromium is not installed (scripts/install-deps installs it)"; exit 1; }

cat >"$dir/client.json" <<'JSON'
{"installed":{"client_id":"123-desktop.apps.googleusercontent.com","client_secret":"GOCSPX-desk"}}
JSON
browse() {  # URL: the DOM chromium rendered, in $dir/dom
  timeout 90 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$dir/profile" \
    --dump-dom "$1" >"$dir/dom" 2>"$dir/chromium.err"
}
listen() {  # STATE: a session for http://127.0.0.1:$port/done and 'oauth listen' in the background
  port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$cli" oauth url --client "$dir/client.json" --scope openid --redirect-uri "http://127.0.0.1:$port/done" \
    --state "$1" --session "$dir/s.json" >/dev/null || fail "oauth url"
  timeout 120 "$cli" oauth listen --session "$dir/s.json" --timeout 100 >"$dir/lout" 2>"$dir/lerr" &
  lpid=$!
  timeout 10 bash -c "until (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.05; done" || fail "listener did not start"
}

listen browser-state-1
browse "http://127.0.0.1:$port/done?state=browser-state-1&code=4%2F0Browser-Code&scope=openid"
[ $? -eq 0 ] || fail "chromium failed: $(tail -3 "$dir/chromium.err")"
wait "$lpid" || fail "oauth listen failed: $(cat "$dir/lerr")"
grep -q '<h1>Signed in</h1>' "$dir/dom" && grep -q 'You can close this tab' "$dir/dom" ||
  fail "rendered page: $(cat "$dir/dom")"
grep -q 'Browser-Code' "$dir/dom" && fail "the code appears in the rendered page"
[ "$(cat "$dir/lout")" = "4/0Browser-Code" ] || fail "twoleg printed '$(cat "$dir/lout")'"

listen browser-state-2
browse "http://127.0.0.1:$port/done?error=access_denied&state=browser-state-2"
wait "$lpid"
[ $? -eq 1 ] || fail "access_denied must exit 1: $(cat "$dir/lerr")"
grep -q 'Sign-in did not complete' "$dir/dom" && grep -q 'access_denied' "$dir/dom" ||
  fail "rendered access_denied page: $(cat "$dir/dom")"
grep -q '^twoleg: .*access_denied' "$dir/lerr" || fail "access_denied stderr: $(cat "$dir/lerr")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "oauth browser: all checks passed"
