#!/usr/bin/env bash
# The steps of scripts/demo against the built CLI ($TWOLEG_CLI; the script
# itself also builds): an assertion for the bundled demo key, verified by
# `twoleg jwt verify` and, independently, by openssl with the key's public half.
set -uo pipefail
. "$(dirname "$0")/common.sh" demo
key=$TWOLEG_SOURCE_ROOT/examples/demo-service-account.json

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
python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["private_key"])' "$key" >"$dir/demo.pem"
openssl pkey -in "$dir/demo.pem" -pubout -out "$dir/demo-pub.pem" || fail "openssl cannot read the demo key"
IFS=. read -r h p s <<<"$jwt"
printf %s "$h.$p" >"$dir/input"
while (( ${#s} % 4 )); do s+="="; done
printf %s "$s" | basenc --base64url -d >"$dir/sig"
openssl dgst -sha256 -verify "$dir/demo-pub.pem" -signature "$dir/sig" "$dir/input" >/dev/null ||
  fail "openssl does not verify the demo assertion"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "demo: assertion printed and verified"
