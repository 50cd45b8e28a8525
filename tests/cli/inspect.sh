# `twoleg inspect` on every form of every test key, compared with what the
# openssl command reports: modulus size and public exponent from
# `openssl rsa -text`, the SPKI fingerprint from `openssl pkey -pubout -outform
# DER | sha256sum`; the service-account fields from the JSON files themselves.
# Then the output layout, standard input, notes, and usage and I/O errors.
set -u

. "$(dirname "$0")/common.sh" inspect

# The value of "name" in inspect's pretty-printed output (one member per line).
field() { # name file
    sed -nE "s/^  \"$1\": \"?([^\",]*)\"?,?\$/\1/p" "$2"
}

# The value of a top-level string member of a service-account file (as written by make_test_keys.sh).
json_string() { # name file
    sed -nE "s/^  \"$1\": \"([^\"]*)\",?\$/\1/p" "$2"
}

checked=0
for bits in 1024 2047 2048 2049 3072 4096; do
    for e in 3 65537; do
        base="$keys/rsa-$bits-e$e"
        # openssl's own report: "Private-Key: (2048 bit, 2 primes)" and "publicExponent: 65537 (0x10001)"
        text=$(openssl rsa -in "$base.pkcs1.pem" -text -noout) || { fail "openssl rsa -text $base"; continue; }
        want_bits=$(printf '%s\n' "$text" | sed -nE '1s/.*\(([0-9]+) bit.*/\1/p')
        want_e=$(printf '%s\n' "$text" | sed -nE 's/^publicExponent: ([0-9]+) .*/\1/p')
        want_fp=$(openssl pkey -pubin -in "$base.spki.pem" -outform DER | sha256sum | cut -d' ' -f1)
        [ -n "$want_bits" ] && [ -n "$want_e" ] || { fail "cannot read openssl's report for $base"; continue; }
        for form in pkcs1.pem pkcs1.der pkcs8.pem pkcs8.der spki.pem spki.der rsapub.pem rsapub.der \
            cert.pem cert.der sa.json; do
            out="$dir/out" err="$dir/err"
            "$cli" inspect "$base.$form" >"$out" 2>"$err"
            rc=$?
            if [ $rc -ne 0 ]; then
                fail "inspect $base.$form exited $rc: $(cat "$err")"
                continue
            fi
            [ -s "$err" ] && fail "inspect $base.$form wrote to stderr: $(cat "$err")"
            case $form in
                pkcs1.pem) want_format=pkcs1-pem want_private=true ;;
                pkcs1.der) want_format=pkcs1-der want_private=true ;;
                pkcs8.pem) want_format=pkcs8-pem want_private=true ;;
                # openssl pkey -outform DER (how the build made this file) writes PKCS#1 for RSA keys
                pkcs8.der) want_format=$(cmp -s "$base.pkcs8.der" "$base.pkcs1.der" && echo pkcs1-der || echo pkcs8-der)
                    want_private=true ;;
                spki.pem) want_format=spki-pem want_private=false ;;
                spki.der) want_format=spki-der want_private=false ;;
                rsapub.pem) want_format=rsa-public-key-pem want_private=false ;;
                rsapub.der) want_format=rsa-public-key-der want_private=false ;;
                cert.pem) want_format=certificate-pem want_private=false ;;
                cert.der) want_format=certificate-der want_private=false ;;
                sa.json) want_format=service-account-json want_private=true ;;
            esac
            [ "$(field format "$out")" = "$want_format" ] || fail "$form $bits e$e: format $(field format "$out"), want $want_format"
            [ "$(field private "$out")" = "$want_private" ] || fail "$form $bits e$e: private $(field private "$out")"
            [ "$(field modulus_bits "$out")" = "$want_bits" ] || fail "$form $bits e$e: modulus_bits $(field modulus_bits "$out"), openssl says $want_bits"
            [ "$(field public_exponent "$out")" = "$want_e" ] || fail "$form $bits e$e: public_exponent $(field public_exponent "$out"), openssl says $want_e"
            [ "$(field spki_sha256 "$out")" = "$want_fp" ] || fail "$form $bits e$e: spki_sha256 $(field spki_sha256 "$out"), openssl says $want_fp"
            if [ "$form" = sa.json ]; then
                for name in client_email private_key_id project_id token_uri; do
                    want=$(json_string "$name" "$base.sa.json")
                    [ -n "$want" ] && [ "$(field "$name" "$out")" = "$want" ] ||
                        fail "sa.json $bits e$e: $name '$(field "$name" "$out")', file says '$want'"
                done
            else
                grep -q client_email "$out" && fail "$form $bits e$e: client_email printed for a non-JSON key"
            fi
            if command -v jq >/dev/null; then
                jq -e . "$out" >/dev/null || fail "$form $bits e$e: output is not valid JSON"
            fi
            checked=$((checked + 1))
        done
    done
done
[ $checked -eq 132 ] || fail "checked $checked key files, expected 132"

# --- layout: a JSON object, two-space indentation, members in a fixed order, trailing newline
key="$keys/rsa-2048-e65537"
"$cli" inspect "$key.sa.json" >"$dir/sa.out" || fail "inspect sa.json failed"
members=$(sed -nE 's/^  "([a-z_0-9]+)":.*/\1/p' "$dir/sa.out" | tr '\n' ' ')
[ "$members" = "format private modulus_bits public_exponent spki_sha256 rsa_kernel client_email private_key_id project_id token_uri " ] ||
    fail "member order: $members"
[ "$(head -n1 "$dir/sa.out")" = "{" ] && [ "$(tail -n1 "$dir/sa.out")" = "}" ] || fail "output is not one JSON object"
[ "$(tail -c1 "$dir/sa.out" | od -An -c | tr -d ' ')" = '\n' ] || fail "output does not end with a newline"
grep -q '"notes"' "$dir/sa.out" && fail "notes printed for an intact file"

# --- standard input, also for DER
"$cli" inspect - <"$key.pkcs1.der" >"$dir/stdin.out" || fail "inspect - <DER failed"
"$cli" inspect "$key.pkcs1.der" >"$dir/file.out"
cmp -s "$dir/stdin.out" "$dir/file.out" || fail "standard input and file give different output"

# --- a service-account file whose private_key lost its line breaks: repaired, with a note
sed 's/\\n/\\\\n/g' "$key.sa.json" >"$dir/flat.json"
"$cli" inspect "$dir/flat.json" >"$dir/flat.out" 2>"$dir/flat.err" || fail "flattened private_key not repaired: $(cat "$dir/flat.err")"
grep -q '"notes": \[' "$dir/flat.out" || fail "no notes for a repaired private_key"
grep -q 'line breaks' "$dir/flat.out" || fail "the note does not mention line breaks"
[ "$(field spki_sha256 "$dir/flat.out")" = "$(field spki_sha256 "$dir/sa.out")" ] || fail "repaired key differs"
sed 's/\\n/ /g' "$key.sa.json" >"$dir/spaces.json"
"$cli" inspect "$dir/spaces.json" >"$dir/spaces.out" 2>"$dir/spaces.err" || fail "space-flattened private_key not repaired: $(cat "$dir/spaces.err")"
grep -q 'spaces' "$dir/spaces.out" || fail "no note for a space-flattened private_key"

# --- usage and I/O errors
"$cli" inspect >/dev/null 2>"$dir/err"; rc=$?
[ $rc -eq 2 ] || fail "inspect without KEY: exit $rc, want 2"
"$cli" inspect "$key.pkcs1.pem" "$key.spki.pem" >/dev/null 2>"$dir/err"; rc=$?
[ $rc -eq 2 ] || fail "inspect with two KEYs: exit $rc, want 2"
"$cli" inspect --bogus "$key.pkcs1.pem" >/dev/null 2>"$dir/err"; rc=$?
[ $rc -eq 2 ] || fail "inspect --bogus: exit $rc, want 2"
"$cli" inspect "$dir/does-not-exist" >"$dir/out" 2>"$dir/err"; rc=$?
[ $rc -eq 4 ] || fail "inspect of a missing file: exit $rc, want 4"
[ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q '^twoleg: ' "$dir/err" || fail "missing file: stderr is not one 'twoleg: ' line"
[ -s "$dir/out" ] && fail "missing file: something was written to stdout"
"$cli" inspect "$dir" >/dev/null 2>"$dir/err"; rc=$?
[ $rc -eq 4 ] || fail "inspect of a directory: exit $rc, want 4"
"$cli" inspect --help >"$dir/help" || fail "inspect --help failed"
grep -q 'usage: twoleg inspect' "$dir/help" || fail "inspect --help shows no usage"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "inspect: $checked key files agree with openssl"
