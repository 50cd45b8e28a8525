#!/usr/bin/env bash
# Option values Google would refuse only after a round trip are refused at
# once (exit 2) with the fix named: --scope must be an https:// URL or
# openid/email/profile, one scope per --scope; --sub an e-mail address; --aud
# an https:// URL. For assertion and token-request alike.
set -uo pipefail
. "$(dirname "$0")/common.sh" option_checks

sa=$keys/rsa-2048-e65537.sa.json
good=https://www.googleapis.com/auth/spreadsheets.readonly

# refused CMD WANT ARGS...: exit 2, and the one error line contains WANT.
refused() {
  local want=$1; shift
  expect 2 "$@" || return
  grep -qF -- "$want" "$dir/err" || fail "twoleg $*: the message lacks '$want': $(cat "$dir/err")"
}

for cmd in assertion token-request; do
  # Accepted: URLs and the three OpenID Connect names.
  for s in "$good" https://mail.google.com/ openid email profile; do
    expect 0 "$cmd" --key "$sa" --scope "$s"
  done
  expect 0 "$cmd" --key "$sa" --scope "$good" --sub alice@example.com
  expect 0 "$cmd" --key "$sa" --scope "$good" --aud https://oauth2.googleapis.com/token

  # A bare name: the full URL is suggested.
  refused "--scope https://www.googleapis.com/auth/spreadsheets.readonly" \
    "$cmd" --key "$sa" --scope spreadsheets.readonly
  refused "--scope https://www.googleapis.com/auth/cloud-platform" "$cmd" --key "$sa" --scope cloud-platform
  # Several scopes in one value.
  refused "give each scope its own --scope" \
    "$cmd" --key "$sa" --scope https://www.googleapis.com/auth/spreadsheets,https://www.googleapis.com/auth/drive
  refused "give each scope its own --scope" "$cmd" --key "$sa" --scope "$good https://www.googleapis.com/auth/drive"
  # Not https, or no scheme at all.
  refused "begin with https://" "$cmd" --key "$sa" --scope http://www.googleapis.com/auth/drive
  refused "--scope https://www.googleapis.com/auth/drive" "$cmd" --key "$sa" --scope www.googleapis.com/auth/drive
  refused "absolute https:// URL" "$cmd" --key "$sa" --scope "https://"
  refused "absolute https:// URL" "$cmd" --key "$sa" --scope "urn:x"
  refused "absolute https:// URL" "$cmd" --key "$sa" --scope HTTPS://www.googleapis.com/auth/drive
  # A checked scope among good ones is still refused.
  refused "did you mean" "$cmd" --key "$sa" --scope "$good" --scope drive

  for sub in notanemail @example.com alice@ alice@example alice@@example.com "al ice@example.com" alice@example.com.; do
    refused "is not an e-mail address" "$cmd" --key "$sa" --scope "$good" --sub "$sub"
  done
  for aud in http://oauth2.googleapis.com/token oauth2.googleapis.com/token https:// "https:///x" "https://a b"; do
    refused "is not an https:// URL" "$cmd" --key "$sa" --scope "$good" --aud "$aud"
  done
done

# --self-signed needs exactly one of --aud and --scope.
refused "needs one of --aud" assertion --key "$sa" --self-signed
refused "not both" assertion --key "$sa" --self-signed --aud https://sheets.googleapis.com/ --scope "$good"
refused "is not an https:// URL" assertion --key "$sa" --self-signed --aud sheets.googleapis.com

# The checks come before the key file is read: a usage error even without a key file.
refused "did you mean" assertion --key "$dir/none.json" --scope drive

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "option checks: all passed"
