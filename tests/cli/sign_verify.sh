# `twoleg sign` and `twoleg verify` against the openssl command: for every test
# key (6 sizes x e = 3, 65537) in every private form, and messages of 0, 1, 55,
# 64 and 100 000 bytes, twoleg's signature must be byte-identical to
# `openssl dgst -sha256 -sign` and accepted by `openssl dgst -sha256 -verify`;
# `twoleg verify` must accept openssl's signatures with every public form.
# Then: a signature with a leading zero octet, streaming from standard input,
# verification failures, and the error contract (exit status, one stderr line,
# no output file on failure).
set -u

. "$(dirname "$0")/common.sh" sign-verify

# Pseudo-random bytes of a given length, reproducible (openssl's AES-CTR keystream).
make_input() { pseudo_random_file "$1" "$2" 0f0e0d0c0b0a09080706050403020100; } # length file

lengths="0 1 55 64 100000"
for n in $lengths; do make_input "$n" "$dir/msg-$n"; done

private_forms="pkcs1.pem pkcs8.pem pkcs1.der pkcs8.der sa.json"
public_forms="spki.pem spki.der rsapub.pem rsapub.der cert.pem cert.der pkcs1.pem pkcs8.der sa.json"

# Expects exit status $1 and exactly $2 on standard output from `twoleg verify ...`.
expect_verify() { # status stdout description args...
    local want_status=$1 want_out=$2 what=$3
    shift 3
    local out status
    out=$("$cli" verify "$@" 2>"$dir/verify.err")
    status=$?
    [ "$status" = "$want_status" ] || fail "$what: exit $status, expected $want_status ($(cat "$dir/verify.err"))"
    [ "$out" = "$want_out" ] || fail "$what: printed '$out', expected '$want_out'"
}

for bits in 1024 2047 2048 2049 3072 4096; do
    for e in 3 65537; do
        k="$keys/rsa-$bits-e$e"
        for n in $lengths; do
            m="$dir/msg-$n"
            ref="$dir/ref.sig"
            openssl dgst -sha256 -sign "$k.pkcs8.pem" -out "$ref" "$m" || { fail "openssl could not sign with $k"; continue; }
            for form in $private_forms; do
                sig="$dir/twoleg.sig"
                rm -f "$sig"
                if ! "$cli" sign --key "$k.$form" --in "$m" --out "$sig"; then
                    fail "sign $bits e$e $form, $n-byte message: exit status $?"
                    continue
                fi
                cmp -s "$ref" "$sig" || fail "sign $bits e$e $form, $n-byte message: differs from openssl dgst -sha256 -sign"
            done
            result=$(openssl dgst -sha256 -verify "$k.spki.pem" -signature "$sig" "$m" 2>&1)
            [ "$result" = "Verified OK" ] || fail "openssl rejects twoleg's signature ($bits e$e, $n bytes): $result"
            if [ "$n" = 55 ]; then
                for form in $public_forms; do
                    expect_verify 0 "Verified OK" "verify $bits e$e with $form" --pub "$k.$form" --sig "$ref" --in "$m"
                done
            else
                expect_verify 0 "Verified OK" "verify $bits e$e, $n bytes" --pub "$k.spki.pem" --sig "$ref" --in "$m"
            fi
        done
        # The message from standard input, the signature to standard output.
        out=$("$cli" sign --key "$k.pkcs1.pem" <"$dir/msg-64" | od -An -tx1 | tr -d ' \n')
        want=$(openssl dgst -sha256 -sign "$k.pkcs1.pem" "$dir/msg-64" | od -An -tx1 | tr -d ' \n')
        [ "$out" = "$want" ] || fail "sign $bits e$e from standard input to standard output differs from openssl"
    done
done

k="$keys/rsa-2048-e65537"

# A signature whose first octet is zero: twoleg must write all 256 octets, and
# both tools must accept it (about 1 message in 256 gives one).
found=""
for i in $(seq 0 4000); do
    printf 'leading zero search %d' "$i" >"$dir/zmsg"
    "$cli" sign --key "$k.pkcs8.pem" --in "$dir/zmsg" --out "$dir/zsig" || { fail "sign for the zero search"; break; }
    if [ "$(head -c 1 "$dir/zsig" | od -An -tx1 | tr -d ' ')" = "00" ]; then
        found=$i
        break
    fi
done
if [ -z "$found" ]; then
    fail "no signature with a leading zero octet in 4001 messages"
else
    openssl dgst -sha256 -sign "$k.pkcs8.pem" -out "$dir/zref" "$dir/zmsg"
    [ "$(stat -c %s "$dir/zsig")" = 256 ] || fail "leading-zero signature is not 256 octets"
    cmp -s "$dir/zsig" "$dir/zref" || fail "leading-zero signature differs from openssl's"
    result=$(openssl dgst -sha256 -verify "$k.spki.pem" -signature "$dir/zsig" "$dir/zmsg" 2>&1)
    [ "$result" = "Verified OK" ] || fail "openssl rejects the leading-zero signature: $result"
    expect_verify 0 "Verified OK" "verify leading-zero signature" --pub "$k.spki.pem" --sig "$dir/zref" --in "$dir/zmsg"
    tail -c 255 "$dir/zref" >"$dir/zshort"
    expect_verify 1 "Verification failure" "leading-zero signature without its zero" --pub "$k.spki.pem" --sig "$dir/zshort" --in "$dir/zmsg"
fi

# A large message streamed through a pipe.
head -c 30000000 </dev/zero >"$dir/big"
want=$(openssl dgst -sha256 -sign "$k.pkcs8.pem" "$dir/big" | od -An -tx1 | tr -d ' \n')
out=$(head -c 30000000 </dev/zero | "$cli" sign --key "$k.pkcs8.pem" | od -An -tx1 | tr -d ' \n')
[ "$out" = "$want" ] || fail "30 MB message from a pipe: differs from openssl"

# Verification failures: stdout "Verification failure", exit 1.
m="$dir/msg-55"
openssl dgst -sha256 -sign "$k.pkcs8.pem" -out "$dir/good.sig" "$m"
expect_verify 1 "Verification failure" "other message" --pub "$k.spki.pem" --sig "$dir/good.sig" --in "$dir/msg-64"
expect_verify 1 "Verification failure" "other key" --pub "$keys/rsa-2048-e3.spki.pem" --sig "$dir/good.sig" --in "$m"
head -c 255 "$dir/good.sig" >"$dir/short.sig"
expect_verify 1 "Verification failure" "one octet short" --pub "$k.spki.pem" --sig "$dir/short.sig" --in "$m"
{ printf '\000'; cat "$dir/good.sig"; } >"$dir/long.sig"
expect_verify 1 "Verification failure" "one octet long" --pub "$k.spki.pem" --sig "$dir/long.sig" --in "$m"
: >"$dir/empty.sig"
expect_verify 1 "Verification failure" "empty signature" --pub "$k.spki.pem" --sig "$dir/empty.sig" --in "$m"
head -c 256 </dev/zero | tr '\000' '\377' >"$dir/ff.sig"
expect_verify 1 "Verification failure" "all-0xFF signature" --pub "$k.spki.pem" --sig "$dir/ff.sig" --in "$m"
openssl dgst -sha1 -sign "$k.pkcs8.pem" -out "$dir/sha1.sig" "$m"
expect_verify 1 "Verification failure" "SHA-1 signature" --pub "$k.spki.pem" --sig "$dir/sha1.sig" --in "$m"
# The signature from standard input.
out=$("$cli" verify --pub "$k.cert.pem" --sig - --in "$m" <"$dir/good.sig")
[ "$out" = "Verified OK" ] || fail "signature from standard input: '$out'"

# Errors: exit status, exactly one stderr line starting "twoleg: ", no output file.
expect_error() { # status description args...
    local want=$1 what=$2
    shift 2
    "$cli" "$@" >"$dir/err.out" 2>"$dir/err.err" </dev/null
    local status=$?
    [ "$status" = "$want" ] || fail "$what: exit $status, expected $want"
    [ "$(wc -l <"$dir/err.err")" = 1 ] && grep -q '^twoleg: ' "$dir/err.err" ||
        fail "$what: stderr is not one 'twoleg: ' line: $(cat "$dir/err.err")"
    [ -s "$dir/err.out" ] && fail "$what: wrote to standard output"
    return 0
}
rm -f "$dir/none.sig"
expect_error 2 "sign without --key" sign --in "$m"
expect_error 2 "sign with a positional argument" sign --key "$k.pkcs8.pem" "$m"
expect_error 2 "sign with an unknown option" sign --key "$k.pkcs8.pem" --bogus
expect_error 2 "verify without --sig" verify --pub "$k.spki.pem" --in "$m"
expect_error 2 "verify without --pub" verify --sig "$dir/good.sig" --in "$m"
expect_error 2 "verify with two inputs from stdin" verify --pub "$k.spki.pem" --sig - --in -
expect_error 3 "sign with a public key" sign --key "$k.spki.pem" --in "$m" --out "$dir/none.sig"
expect_error 3 "sign with a certificate" sign --key "$k.cert.pem" --in "$m" --out "$dir/none.sig"
expect_error 3 "sign with a non-key" sign --key "$m" --in "$m" --out "$dir/none.sig"
expect_error 4 "sign with a missing key file" sign --key "$dir/no-such-key" --in "$m" --out "$dir/none.sig"
expect_error 4 "sign with a missing message" sign --key "$k.pkcs8.pem" --in "$dir/no-such-msg" --out "$dir/none.sig"
expect_error 4 "verify with a missing signature file" verify --pub "$k.spki.pem" --sig "$dir/no-such-sig" --in "$m"
expect_error 3 "verify with a non-key" verify --pub "$m" --sig "$dir/good.sig" --in "$m"
[ -e "$dir/none.sig" ] && fail "a failed sign created its --out file"
ls "$dir" | grep -q 'none.sig.tmp' && fail "a failed sign left a temporary file"
# A failed sign leaves an existing --out file untouched.
echo "keep me" >"$dir/keep"
"$cli" sign --key "$k.pkcs8.pem" --in "$dir/no-such-msg" --out "$dir/keep" 2>/dev/null
[ "$(cat "$dir/keep")" = "keep me" ] || fail "a failed sign changed an existing --out file"

# --help: exit 0, usage on standard output.
for cmd in sign verify; do
    out=$("$cli" "$cmd" --help) || fail "$cmd --help: exit status $?"
    case "$out" in "usage: twoleg $cmd"*) ;; *) fail "$cmd --help does not start with its usage line" ;; esac
done

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all sign/verify checks passed"
