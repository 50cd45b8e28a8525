# Sourced by tests/make_test_keys.sh and bench/make_bench_keys.sh: the steps
# both take to make an RSA key with the openssl command and write it out in
# the forms twoleg reads. Each output is written to NAME.tmp and renamed, so an
# interrupted run leaves no partial file behind.

# start_key_dir OUTDIR STAMP: sets $out and $stamp, makes OUTDIR, and keeps
# the openssl command from reading a configuration file.
start_key_dir() {
  out=$1 stamp=$2
  mkdir -p "$out"
  export OPENSSL_CONF=/dev/null
}

# new_rsa_key OUT.pem BITS E: a fresh PKCS#8 PEM key.
new_rsa_key() {
  openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:"$2" \
    -pkeyopt rsa_keygen_pubexp:"$3" -out "$1.tmp"
  mv "$1.tmp" "$1"
}

# write_sa_json OUT.json KEY.pem PROJECT SIGNER CLIENT_ID: a service-account
# JSON key file as Google issues them, for SIGNER@PROJECT.iam.gserviceaccount.com.
write_sa_json() {
  local out=$1 key=$2 project=$3 signer=$4 client_id=$5 kid pem
  kid=$(openssl rand -hex 20)
  pem=$(awk '{printf "%s\\n", $0}' "$key")
  cat > "$out.tmp" <<JSON
{
  "type": "service_account",
  "project_id": "$project",
  "private_key_id": "$kid",
  "private_key": "$pem",
  "client_email": "$signer@$project.iam.gserviceaccount.com",
  "client_id": "$client_id",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/$signer%40$project.iam.gserviceaccount.com",
  "universe_domain": "googleapis.com"
}
JSON
  mv "$out.tmp" "$out"
}
