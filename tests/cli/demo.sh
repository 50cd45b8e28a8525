#!/usr/bin/env bash
# The steps of scripts/demo against the built CLI ($TWOLEG_CLI; the script
# itself also builds): an assertion for the bundled demo key, verified by
# `twoleg jwt verify` and, independently, by openssl with the key's public half.
set -uo pipefail
cli=$TWOLEG_CLI
key=$TWOLEG_SOURCE_ROOT/examples/demo-service-account.json
mkdir -p "$TWOLEG_TEST_TMP"
tmp=$(mktemp -d "$TWOLEG_TEST_TMP/cli-demo.XXXXXX")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

grep -q '"_comment": "DEMO KEY' "$key" || fail "the demo key file is not marked as a demo"

jwt=$("$cli" assertion --key "$key" --scope https://www.googleapis.com/auth/spreadsheets.readonly) ||
  fail "assertion for the demo key failed"
claims=$("$cli" jwt verify --pub "$key" --aud https://oauth2.googleapis.com/token "$jwt") ||
  fail "the demo assertion does not verify"
case $claims in
  '{"iss":"twoleg-demo@twoleg-demo.iam.gserviceaccount.com","scope":"https://www.googleapis.com/auth/spreadsheets.readonly","aud":"https://oauth2.googleapis.com/token","iat":'*',"exp":'*'}') ;;
  *) fail "unexpected demo claims: $claims" ;;
esac

# openssl, with the public key it derives from the key file's private_key.
python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["private_key"])' "$key" >"$tmp/demo.pem"
openssl pkey -in "$tmp/demo.pem" -pubout -out "$tmp/demo-pub.pem" || fail "openssl cannot read the demo key"
IFS=. read -r h p s <<<"$jwt"
printf %s "$h.$p" >"$tmp/input"
while (( ${#s} % 4 )); do s+="="; done
printf %s "$s" | basenc --base64url -d >"$tmp/sig"
openssl dgst -sha256 -verify "$tmp/demo-pub.pem" -signature "$tmp/sig" "$tmp/input" >/dev/null ||
  fail "openssl does not verify the demo assertion"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "demo: assertion printed and verified"
