#!/usr/bin/env bash
# Every error line names the input it is about and what to do: inspect names
# the file; a PEM key behind a UTF-8 byte-order mark is read; a cut-off JSON
# key file is said to end early; asn1 on JSON points to inspect; jwt verify
# says that TOKEN is the token text, reads '-' from standard input, and shows
# exp, now and leeway of an expired token in UTC.
set -uo pipefail
. "$(dirname "$0")/common.sh" error_lines

sa=$keys/rsa-2048-e65537.sa.json
pkcs8=$keys/rsa-2048-e65537.pkcs8.pem
spki=$keys/rsa-2048-e65537.spki.pem

# says STATUS WANT ARGS...: exit STATUS, and the one error line contains WANT.
says() {
  local status=$1 want=$2; shift 2
  expect "$status" "$@" || return
  grep -qF -- "$want" "$dir/err" || fail "twoleg $*: the message lacks '$want': $(cat "$dir/err")"
}

# --- inspect names the file ----------------------------------------------------
head -n 3 "$pkcs8" >"$dir/cut.pem"
says 3 "twoleg: $dir/cut.pem: PEM: " inspect "$dir/cut.pem"
expect 3 inspect - <"$dir/cut.pem" && grep -qE '^twoleg: (standard input|-): PEM: ' "$dir/err" ||
  fail "inspect - must name standard input: $(cat "$dir/err")"

# --- a UTF-8 byte-order mark before a PEM key ------------------------------------
for f in "$pkcs8" "$spki" "$keys/rsa-2048-e65537.pkcs1.pem" "$keys/rsa-2048-e65537.cert.pem"; do
  printf '\xef\xbb\xbf' | cat - "$f" >"$dir/bom.pem"
  if expect 0 inspect "$dir/bom.pem"; then
    # The same key as openssl reads from the file without the mark.
    want=$(openssl pkey -pubin -in "$spki" -outform DER | sha256sum | cut -d' ' -f1)
    grep -q "\"spki_sha256\": \"$want\"" "$dir/out" || fail "BOM + $(basename "$f"): not the key openssl reads"
  fi
done
printf '\xef\xbb\xbf' | cat - "$pkcs8" >"$dir/bom.pem"
printf 'signed text' >"$dir/msg"
if expect 0 sign --key "$dir/bom.pem" --in "$dir/msg" --out "$dir/sig"; then
  openssl dgst -sha256 -verify "$spki" -signature "$dir/sig" "$dir/msg" >/dev/null ||
    fail "the signature made with a BOM-prefixed key does not verify with openssl"
fi
# Half a mark is not a mark.
printf '\xef\xbb' | cat - "$pkcs8" >"$dir/half-bom.pem"
expect 3 inspect "$dir/half-bom.pem"

# --- a cut-off JSON key file -------------------------------------------------------
size=$(stat -c %s "$sa")
head -c $((size / 2)) "$sa" >"$dir/cut.json"
says 3 "$dir/cut.json: " inspect "$dir/cut.json"
says 3 "ends early" inspect "$dir/cut.json"
says 3 "ends early" assertion --key "$dir/cut.json" --scope openid
# A syntax error in the middle is not "ends early".
sed '0,/:/s/:/;/' "$sa" >"$dir/bad.json"
expect 3 inspect "$dir/bad.json" && ! grep -q "ends early" "$dir/err" ||
  fail "a syntax error in the middle must not be reported as an early end: $(cat "$dir/err")"

# --- asn1 on a JSON file -------------------------------------------------------------
says 3 "$sa: this is JSON, not DER or PEM" asn1 "$sa"
says 3 "'twoleg inspect $sa' reads key files" asn1 "$sa"
says 3 "standard input: this is JSON" asn1 - <"$sa"

# --- jwt verify: TOKEN is the text; '-' reads it ----------------------------------
"$cli" assertion --key "$sa" --scope openid --iat 1700000000 --lifetime 3600 >"$dir/token.txt" ||
  fail "cannot make a token"
says 3 "TOKEN is the token text itself, but '$dir/token.txt' names a file" jwt verify --pub "$spki" "$dir/token.txt"
says 3 "< $dir/token.txt" jwt verify --pub "$spki" "$dir/token.txt"
# Not a file: no such hint.
expect 3 jwt verify --pub "$spki" not-a-token && ! grep -q "names a file" "$dir/err" ||
  fail "a malformed token that is not a file name got the file hint: $(cat "$dir/err")"
expect 0 jwt verify --pub "$spki" --now 1700000100 - <"$dir/token.txt" ||
  fail "jwt verify - must read the token from standard input"

# --- expired: exp, now and leeway in UTC (as GNU date prints them) ------------------
utc() { date -u -d "@$1" '+%Y-%m-%d %H:%M:%S UTC'; }
says 1 "JWT: expired: exp 1700003600 ($(utc 1700003600)), now 1700009999 ($(utc 1700009999)), leeway 60 s" \
  jwt verify --pub "$spki" --now 1700009999 - <"$dir/token.txt"
says 1 "leeway 5 s" jwt verify --pub "$spki" --now 1700003605 --leeway 5 - <"$dir/token.txt"
# Without --now, the current time is shown.
expect 1 jwt verify --pub "$spki" - <"$dir/token.txt"
shown=$(sed -n 's/.*, now \([0-9]*\) .*/\1/p' "$dir/err")
[ -n "$shown" ] && [ $(( $(date +%s) - shown )) -le 5 ] || fail "expired without --now: $(cat "$dir/err")"
# Not yet valid: nbf/iat with the times too.
says 1 "iat 1700000000 ($(utc 1700000000)), now 1699990000" jwt verify --pub "$spki" --now 1699990000 - <"$dir/token.txt"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "error lines: all checks passed"
