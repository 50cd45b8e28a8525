# `twoleg asn1` against `openssl asn1parse`: for every test key and certificate,
# in DER and PEM, the offset, depth, header-length and length columns must be
# the same. Then its refusals: exit 3 with one `twoleg: ` line naming the reason
# and byte offset, also for multi-megabyte garbage (bounded by the 4 MiB input
# limit and the nesting limit), and its usage and I/O errors.
set -u

. "$(dirname "$0")/common.sh" asn1

# offset depth hl length, one element per line
columns() {
    sed -nE 's/^ *([0-9]+):d=([0-9]+) +hl=([0-9]+) +l= *([0-9]+).*/\1 \2 \3 \4/p'
}

# --- agreement with openssl asn1parse
compared=0
for f in "$keys"/rsa-*.der "$keys"/rsa-*.pem; do
    case "$f" in
        *.pem) inform=PEM ;;
        *) inform=DER ;;
    esac
    if ! "$cli" asn1 "$f" >"$dir/ours" 2>"$dir/err"; then
        fail "asn1 $f exited non-zero: $(cat "$dir/err")"
        continue
    fi
    openssl asn1parse -inform "$inform" -i -in "$f" >"$dir/theirs" || { fail "openssl asn1parse $f failed"; continue; }
    columns <"$dir/ours" >"$dir/ours.cols"
    columns <"$dir/theirs" >"$dir/theirs.cols"
    [ -s "$dir/ours.cols" ] || fail "asn1 $f printed no elements"
    if ! cmp -s "$dir/ours.cols" "$dir/theirs.cols"; then
        fail "asn1 $f: columns differ from openssl asn1parse:"
        diff "$dir/ours.cols" "$dir/theirs.cols" | head -10
    fi
    compared=$((compared + 1))
done
[ "$compared" -ge 100 ] || fail "only $compared files compared with openssl"

# A certificate with extensions (BOOLEAN, OCTET STRING, more OIDs), made now by openssl.
cat >"$dir/ext.cnf" <<'EOF'
[req]
distinguished_name = dn
x509_extensions = ext
prompt = no
[dn]
C = CH
O = twoleg tests
CN = asn1.example
[ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:asn1.example, email:a@asn1.example
extendedKeyUsage = serverAuth, clientAuth
EOF
if openssl req -x509 -new -key "$keys/rsa-2048-e65537.pkcs8.pem" -config "$dir/ext.cnf" -days 1 \
    -sha256 -outform DER -out "$dir/ext.der" 2>"$dir/err"; then
    "$cli" asn1 "$dir/ext.der" >"$dir/ours" 2>"$dir/err" || fail "asn1 of a certificate with extensions: $(cat "$dir/err")"
    openssl asn1parse -inform DER -i -in "$dir/ext.der" >"$dir/theirs"
    columns <"$dir/ours" >"$dir/ours.cols"
    columns <"$dir/theirs" >"$dir/theirs.cols"
    cmp -s "$dir/ours.cols" "$dir/theirs.cols" || fail "certificate with extensions: columns differ from openssl"
    for name in basicConstraints keyUsage subjectKeyIdentifier authorityKeyIdentifier subjectAltName \
        extKeyUsage countryName organizationName commonName sha256WithRSAEncryption rsaEncryption; do
        grep -q "($name)" "$dir/ours" || fail "certificate with extensions: no OID named $name"
    done
    grep -q 'BOOLEAN: TRUE' "$dir/ours" || fail "certificate with extensions: no 'BOOLEAN: TRUE'"
    grep -q 'PrintableString: CH' "$dir/ours" || fail "certificate with extensions: no 'PrintableString: CH'"
else
    fail "openssl req with extensions failed: $(cat "$dir/err")"
fi

# Values: INTEGER hex and bit count, OID names.
out=$("$cli" asn1 "$keys/rsa-2048-e65537.pkcs1.der")
echo "$out" | grep -q 'INTEGER: 0x010001 (17 bits)' || fail "e = 65537 not shown as 0x010001 (17 bits)"
bits=$(openssl rsa -inform DER -in "$keys/rsa-2048-e65537.pkcs1.der" -noout -text 2>/dev/null | sed -nE '1s/.*\(([0-9]+) bit.*/\1/p')
echo "$out" | grep -q "INTEGER: 0x.* ($bits bits)" || fail "modulus not shown with $bits bits"
out=$("$cli" asn1 "$keys/rsa-2048-e65537.spki.pem")
echo "$out" | grep -q 'OBJECT IDENTIFIER: 1.2.840.113549.1.1.1 (rsaEncryption)' || fail "rsaEncryption not named"

# Standard input, and '-', give the same tree as the file.
a=$("$cli" asn1 "$keys/rsa-1024-e3.cert.pem")
b=$("$cli" asn1 <"$keys/rsa-1024-e3.cert.pem") || fail "asn1 <stdin exited $?"
c=$("$cli" asn1 - <"$keys/rsa-1024-e3.cert.der") || fail "asn1 - exited $?"
[ "$a" = "$b" ] || fail "stdin tree differs from file tree"
[ "$a" = "$c" ] || fail "DER via '-' differs from PEM file tree"

# --- refusals: exit 3, exactly one line on stderr, "twoleg: ", the reason and an offset
expect_invalid() { # description file pattern...
    local what=$1 file=$2
    shift 2
    "$cli" asn1 "$file" >"$dir/out" 2>"$dir/err"
    local status=$?
    [ "$status" -eq 3 ] || { fail "$what: exit $status, want 3 ($(head -c 300 "$dir/err"))"; return; }
    [ ! -s "$dir/out" ] || fail "$what: printed to standard output on failure"
    [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "$what: stderr is not exactly one line: $(head -c 300 "$dir/err")"
    grep -q '^twoleg: ' "$dir/err" || fail "$what: stderr does not start with 'twoleg: '"
    local p
    for p in "$@"; do
        grep -q -- "$p" "$dir/err" || fail "$what: stderr lacks '$p': $(cat "$dir/err")"
    done
}

head -c 100 "$keys/rsa-2048-e65537.pkcs1.der" >"$dir/trunc.der"
expect_invalid "truncated DER" "$dir/trunc.der" "DER: element length exceeds" "at byte 0"

{ cat "$keys/rsa-2048-e65537.spki.der"; printf '\0'; } >"$dir/trailing.der"
size=$(stat -c %s "$keys/rsa-2048-e65537.spki.der")
expect_invalid "trailing byte" "$dir/trailing.der" "trailing data" "at byte $size"

printf '\x30\x03\x02\x02\x00\x01' >"$dir/badlen.der"
expect_invalid "child longer than its parent" "$dir/badlen.der" "exceeds the data that remains" "at byte 2"
printf '\x30\x04\x02\x02\x00\x01' >"$dir/nonmin.der"
expect_invalid "non-minimal INTEGER" "$dir/nonmin.der" "INTEGER is not minimally encoded" "at byte 2"
printf '\x04\x81\x05abcde' >"$dir/longform.der"
expect_invalid "long-form short length" "$dir/longform.der" "long-form length for a length below 128" "at byte 1"
printf '\x30\x84\xff\xff\xff\xff' >"$dir/huge.der"
expect_invalid "huge length claim" "$dir/huge.der" "exceeds the data that remains" "at byte 0"
printf '\x1f\x01\x00' >"$dir/hightag.der"
expect_invalid "high tag number" "$dir/hightag.der" "high tag number" "at byte 0"
: >"$dir/empty"
expect_invalid "empty input" "$dir/empty" "DER" "at byte 0"

# PEM problems: offsets are in the text.
sed '3s/^./*/' "$keys/rsa-1024-e3.pkcs1.pem" >"$dir/badb64.pem"
off=$(( $(head -2 "$dir/badb64.pem" | wc -c) ))
expect_invalid "bad base64 in PEM" "$dir/badb64.pem" "base64" "at byte $off"
sed '$d' "$keys/rsa-1024-e3.pkcs1.pem" >"$dir/noend.pem"
expect_invalid "PEM without END" "$dir/noend.pem" "no matching -----END" "at byte 0"
sed '$s/RSA PRIVATE KEY/PRIVATE KEY/' "$keys/rsa-1024-e3.pkcs1.pem" >"$dir/mismatch.pem"
expect_invalid "PEM label mismatch" "$dir/mismatch.pem" "labels differ"
openssl rsa -in "$keys/rsa-1024-e3.pkcs8.pem" -aes256 -traditional -passout pass:x -out "$dir/enc.pem" 2>/dev/null ||
    fail "openssl could not encrypt a key"
expect_invalid "encrypted traditional PEM" "$dir/enc.pem" "encrypted" "openssl pkcs8"
openssl pkcs8 -topk8 -in "$keys/rsa-1024-e3.pkcs8.pem" -v2 aes-256-cbc -passout pass:x -out "$dir/enc8.pem" ||
    fail "openssl could not make an encrypted PKCS#8 key"
expect_invalid "encrypted PKCS#8 PEM" "$dir/enc8.pem" "encrypted" "openssl pkcs8" "at byte 0"
# DER errors inside a PEM block say so.
{ echo "-----BEGIN X-----"; printf '\x30\x03\x02\x01\x01\x00' | base64; echo "-----END X-----"; } >"$dir/pemtrail.pem"
expect_invalid "trailing data inside PEM" "$dir/pemtrail.pem" "DER inside the PEM block" "trailing data" "at byte 5"

# --- multi-megabyte garbage: refused by the input limit or by the first DER
#     violation; the nesting limit keeps deep inputs cheap.
random_file() { pseudo_random_file "$1" "$2"; } # bytes file
random_file $((8 << 20)) "$dir/random8"
expect_invalid "8 MiB of random bytes" "$dir/random8" "larger than the limit"
random_file $((3 << 20)) "$dir/random3"
expect_invalid "3 MiB of random bytes" "$dir/random3" "at byte"
perl -e 'print "\x30\x80" x (4 << 20)' >"$dir/indef8"
expect_invalid "8 MiB of nested 30 80" "$dir/indef8" "larger than the limit"
perl -e 'print "\x30\x80" x (1 << 20)' >"$dir/indef2"
expect_invalid "2 MiB of nested 30 80" "$dir/indef2" "indefinite length" "at byte 1"
# 100000 nested definite-length SEQUENCEs (about 480 KiB), valid apart from depth.
perl -e '
    my $n = 100000; my $inner = "";
    my @hdr; my $len = 0;
    for (my $i = $n - 1; $i >= 0; $i--) {
        my $h = $len < 0x80 ? pack("C2", 0x30, $len)
              : $len < 0x100 ? pack("C3", 0x30, 0x81, $len)
              : $len < 0x10000 ? pack("CCn", 0x30, 0x82, $len)
              : pack("CCCn", 0x30, 0x83, $len >> 16, $len & 0xffff);
        $hdr[$i] = $h; $len += length($h);
    }
    print join("", @hdr);' >"$dir/deep.der"
expect_invalid "100000 nested SEQUENCEs" "$dir/deep.der" "nesting too deep"
# A 4 MiB PEM body line: refused by the PEM body limit.
{ echo "-----BEGIN X-----"; head -c $((3 << 20)) /dev/zero | tr '\0' 'A'; echo; echo "-----END X-----"; } >"$dir/bigpem"
expect_invalid "3 MiB PEM body" "$dir/bigpem" "larger than 1 MiB"

# --- usage and I/O
"$cli" asn1 --help >"$dir/out" 2>&1 || fail "asn1 --help exited $?"
grep -q 'usage: twoleg asn1' "$dir/out" || fail "asn1 --help lacks a usage line"
"$cli" asn1 a b >/dev/null 2>"$dir/err"
[ $? -eq 2 ] || fail "asn1 with two files: want exit 2"
grep -q '^twoleg: ' "$dir/err" || fail "asn1 with two files: no 'twoleg: ' line"
"$cli" asn1 --bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "asn1 --bogus: want exit 2"
"$cli" asn1 "$dir/does-not-exist" >/dev/null 2>"$dir/err"
[ $? -eq 4 ] || fail "asn1 of a missing file: want exit 4"
grep -q '^twoleg: cannot open' "$dir/err" || fail "asn1 of a missing file: $(cat "$dir/err")"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all asn1 CLI checks passed ($compared files compared with openssl asn1parse)"
