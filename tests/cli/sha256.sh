# `twoleg sha256` against coreutils' sha256sum, for files and standard input,
# for every length class around the SHA-256 padding boundary, with the SHA-NI
# kernel (if the CPU has it) and with TWOLEG_NO_SHANI=1; plus its errors.
set -u

. "$(dirname "$0")/common.sh" sha256

# Pseudo-random bytes of a given length, reproducible (openssl's AES-CTR keystream).
make_input() { pseudo_random_file "$1" "$2"; } # length file

lengths="0 1 55 56 63 64 65 119 120 128 1000 $((1024 * 1024 + 3))"
for n in $lengths; do
    f="$dir/in-$n"
    make_input "$n" "$f"
    expected="$(sha256sum <"$f" | cut -d' ' -f1)"
    for mode in default no-shani; do
        if [ "$mode" = no-shani ]; then env_prefix="env TWOLEG_NO_SHANI=1"; else env_prefix="env"; fi
        out=$($env_prefix "$cli" sha256 "$f") || fail "$mode: sha256 FILE ($n bytes) exited $?"
        [ "$out" = "$expected" ] || fail "$mode: sha256 FILE ($n bytes): got '$out', want '$expected'"
        out=$($env_prefix "$cli" sha256 <"$f") || fail "$mode: sha256 <stdin ($n bytes) exited $?"
        [ "$out" = "$expected" ] || fail "$mode: sha256 <stdin ($n bytes): got '$out', want '$expected'"
        out=$($env_prefix "$cli" sha256 - <"$f") || fail "$mode: sha256 - ($n bytes) exited $?"
        [ "$out" = "$expected" ] || fail "$mode: sha256 - ($n bytes): got '$out', want '$expected'"
        # A pipe delivers the input in pieces of arbitrary size.
        out=$(cat "$f" | $env_prefix "$cli" sha256) || fail "$mode: sha256 from a pipe ($n bytes) exited $?"
        [ "$out" = "$expected" ] || fail "$mode: sha256 from a pipe ($n bytes): got '$out', want '$expected'"
    done
done

# Exactly one line: 64 lowercase hex digits and a newline.
"$cli" sha256 "$dir/in-1" >"$dir/out" || fail "sha256 of a file failed"
[ "$(stat -c %s "$dir/out")" = 65 ] || fail "output is not 64 characters and a newline"
grep -Eqx '[0-9a-f]{64}' "$dir/out" || fail "output is not lowercase hex: $(cat "$dir/out")"

# The NIST one-million-'a' message through the CLI.
head -c 1000000 </dev/zero | tr '\0' a >"$dir/million-a"
out=$("$cli" sha256 "$dir/million-a")
[ "$out" = cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0 ] || fail "one million 'a': got $out"
out=$(TWOLEG_NO_SHANI=1 "$cli" sha256 "$dir/million-a")
[ "$out" = cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0 ] ||
    fail "one million 'a' with TWOLEG_NO_SHANI=1: got $out"

# Errors: one 'twoleg: ' line on stderr, the documented status, nothing on stdout.
expect_error() { # status description command...
    local want=$1 what=$2
    shift 2
    "$@" >"$dir/err-out" 2>"$dir/err-err"
    local got=$?
    [ "$got" = "$want" ] || fail "$what: exit $got, want $want"
    [ -s "$dir/err-out" ] && fail "$what: wrote to stdout: $(cat "$dir/err-out")"
    [ "$(wc -l <"$dir/err-err")" = 1 ] || fail "$what: stderr is not one line: $(cat "$dir/err-err")"
    grep -q '^twoleg: ' "$dir/err-err" || fail "$what: stderr does not start with 'twoleg: ': $(cat "$dir/err-err")"
}
expect_error 4 "missing file" "$cli" sha256 "$dir/does-not-exist"
expect_error 4 "a directory" "$cli" sha256 "$dir"
expect_error 2 "an extra argument" "$cli" sha256 "$dir/in-1" "$dir/in-1"
expect_error 2 "an unknown option" "$cli" sha256 --frobnicate

"$cli" sha256 --help >"$dir/help" 2>"$dir/help-err"
status=$?
[ "$status" = 0 ] || fail "sha256 --help exited $status"
grep -q 'twoleg sha256' "$dir/help" || fail "sha256 --help does not describe the command"
[ -s "$dir/help-err" ] && fail "sha256 --help wrote to stderr"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all twoleg sha256 checks passed"
