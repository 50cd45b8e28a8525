# Every command, with each of its file inputs replaced by hostile input: an
# empty file, empty standard input, a directory, a 1-byte file and 2 MiB of
# pseudo-random bytes. Inputs that must be a key, a signature, DER or a
# response are refused with exit 3 (4 for the directory: reading it fails);
# inputs that are arbitrary bytes (a message to hash or sign) are accepted.
# Every refusal is one 'twoleg: ' line with nothing on standard output. The
# sanitizer suite (scripts/ci-sanitize) runs this script against the ASan and
# UBSan build of the CLI, so a memory or UB report fails it too.
set -u

. "$(dirname "$0")/common.sh" hostile

key="$keys/rsa-2048-e65537.pkcs8.pem"
sa="$keys/rsa-2048-e65537.sa.json"
printf 'a message' >"$dir/msg"
printf '1//0gRefreshTokenForTests' >"$dir/refresh-token"
"$cli" sign --key "$key" --in "$dir/msg" --out "$dir/sig" || fail "cannot make the signature the rows use"
token=$("$cli" assertion --key "$sa" --scope https://www.googleapis.com/auth/cloud-platform) ||
  fail "cannot make the token the rows use"

: >"$dir/empty"
printf '\x30' >"$dir/one-byte"
mkdir "$dir/a-directory"
pseudo_random_file 2097152 "$dir/random-2MiB" 0f1e2d3c4b5a69788796a5b4c3d2e1f0

# Each row: KIND|COMMAND, where @ stands for the hostile input.
#   refuse  the input must be refused: exit 3
#   bytes   any bytes are a valid input: exit 0 (or 1 where the bytes decide a
#           verification, as for a message that was not signed)
#   signature  not this key's signature: exit 1, or 3 above the size limit
#   check   a report about the input: a broken file is a failed check, exit 1
# For every kind a directory gives exit 4.
rows=(
  "refuse|inspect @"
  "refuse|asn1 @"
  "bytes|sha256 @"
  "refuse|sign --key @ --in $dir/msg"
  "bytes|sign --key $key --in @"
  "refuse|verify --pub @ --sig $dir/sig --in $dir/msg"
  "signature|verify --pub $key --sig @ --in $dir/msg"
  "bytes|verify --pub $key --sig $dir/sig --in @"
  "refuse|assertion --key @ --scope https://www.googleapis.com/auth/cloud-platform"
  "refuse|token-request --key @ --scope https://www.googleapis.com/auth/cloud-platform"
  "refuse|token-response @"
  "refuse|jwt verify --pub @ $token"
  "refuse|convert --key @ --to pkcs8-pem"
  "refuse|jwk @"
  "refuse|dpop --key @ --htm POST --htu https://oauth2.googleapis.com/token"
  "check|doctor @"
  "refuse|oauth code --session @ http://127.0.0.1:8765/?code=c&state=s"
  "refuse|oauth exchange --client @ --session $dir/msg"
  "refuse|oauth refresh --client @ --refresh-token-file $dir/refresh-token"
  "refuse|token-response --session @ $dir/msg"
)
# Commands that read no input file: nothing to make hostile.
no_input="keygen version"

# Each command of 'twoleg --help' needs at least one row, so a new command
# cannot skip this test.
commands=$("$cli" --help | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p; s/^  \([a-z][a-z0-9-]*\)$/\1/p' | sort -u)
[ -n "$commands" ] || fail "no commands found in twoleg --help"
for c in $commands; do  # every command but those that read no input
  found=0
  case " $no_input " in *" $c "*) continue ;; esac
  for row in "${rows[@]}"; do
    case "${row#*|}" in "$c "*) found=1 ;; esac
  done
  [ $found -eq 1 ] || fail "command '$c' has no row in hostile_inputs.sh"
done

runs=0
# check KIND WHAT STATUS: judges one run (output in $dir/out, $dir/err).
check() {
  local kind=$1 what=$2 status=$3 want
  runs=$((runs + 1))
  case "$kind:$what" in
    *:directory) want="4" ;;
    refuse:*) want="3" ;;
    bytes:*) want="0 1" ;;
    signature:*) want="1 3" ;;
    check:*) want="1" ;;
  esac
  case " $want " in
    *" $status "*) ;;
    *) fail "[$what] twoleg $cmd: exit $status, want $want; stderr: $(head -c 300 "$dir/err")"; return ;;
  esac
  [ "$status" -ge 2 ] || return 0
  [ -s "$dir/out" ] && fail "[$what] twoleg $cmd: wrote to standard output although it failed"
  [ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q '^twoleg: ' "$dir/err" ||
    fail "[$what] twoleg $cmd: stderr is not one 'twoleg: ' line: $(head -c 300 "$dir/err")"
}

for row in "${rows[@]}"; do
  kind=${row%%|*}
  template=${row#*|}
  for what in empty one-byte random-2MiB a-directory; do
    cmd=${template//@/$dir/$what}
    # shellcheck disable=SC2086  # the rows are word lists
    "$cli" $cmd >"$dir/out" 2>"$dir/err" </dev/null
    check "$kind" "${what/a-directory/directory}" $?
  done
  cmd=${template//@/-}
  "$cli" $cmd >"$dir/out" 2>"$dir/err" </dev/null
  check "$kind" "empty standard input" $?
done

[ "$runs" -eq $((${#rows[@]} * 5)) ] || fail "ran $runs cases, expected $((${#rows[@]} * 5))"
if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s) in $runs runs"
  exit 1
fi
echo "all $runs hostile-input runs behaved"
