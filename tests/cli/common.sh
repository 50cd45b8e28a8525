# Sourced by every CLI test script:  . "$(dirname "$0")/common.sh" NAME
# Sets cli and keys from meson's test environment, makes a private temporary
# directory $dir (removed on exit), keeps openssl away from any site
# configuration, and defines the helpers the scripts share. Each script counts
# its failures with fail() and reports them itself at the end.

cli=${TWOLEG_CLI:?TWOLEG_CLI not set}
keys=${TWOLEG_TEST_KEYS:?TWOLEG_TEST_KEYS not set}
tmp_base=${TWOLEG_TEST_TMP:-/tmp}
mkdir -p "$tmp_base"
dir=$(mktemp -d "$tmp_base/cli-${1:?common.sh needs the test name}-XXXXXX")
trap 'rm -rf "$dir"' EXIT
export OPENSSL_CONF=/dev/null

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# pseudo_random_file LENGTH FILE [KEY]: LENGTH reproducible bytes (AES-128-CTR
# of zeros under the hex KEY, made by openssl, not by twoleg).
pseudo_random_file() {
    head -c "$1" </dev/zero |
        openssl enc -aes-128-ctr -K "${3:-000102030405060708090a0b0c0d0e0f}" -iv 0 -nosalt >"$2" 2>/dev/null
    [ "$(stat -c %s "$2")" = "$1" ] || { echo "cannot make a $1-byte input"; exit 1; }
}

# b64url_decode TEXT: base64url without padding, decoded by coreutils basenc.
b64url_decode() {
    local s=$1
    while (( ${#s} % 4 )); do s+="="; done
    printf %s "$s" | basenc --base64url -d
}

# expect STATUS ARGS...: runs the CLI with ARGS, output in $dir/out and
# $dir/err, and checks the exit status; a failing run must print nothing on
# standard output and exactly one 'twoleg: ' line on standard error.
# Returns 1 when the status differs.
expect() {
    local want=$1; shift
    "$cli" "$@" >"$dir/out" 2>"$dir/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "twoleg $* exited $got, expected $want; stderr: $(cat "$dir/err")"
        return 1
    fi
    if [ "$want" -ne 0 ]; then
        [ -s "$dir/out" ] && fail "twoleg $* wrote to stdout although it failed"
        [ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q '^twoleg: ' "$dir/err" ||
            fail "twoleg $*: stderr is not one 'twoleg: ' line: $(cat "$dir/err")"
    fi
    return 0
}
